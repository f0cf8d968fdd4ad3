/**
 * Packing retrieved context for an assistant request (the @tersify chat participant, the
 * language-model tool): a budget that fits the model's window (resolveBudget), question-aware compression of
 * every source to that one budget, and the "Context: a → b tokens (−x%)" line shown to the user.
 */
import { resolveBudget, type BudgetRequest } from './budget/budget';
import { usageError } from './errors';
import { compressFilesTo, type FileInput, type FilesResult } from './files';
import { contextPrompt, parseBudgetPrompt } from './format';
import { savingsSummary } from './savings';
import type { CompressOptions } from './types';

export { contextPrompt, parseBudgetPrompt };

export interface PackRequest extends CompressOptions, Pick<BudgetRequest, 'maxInputTokens' | 'reservedTokens'> {
  sources: FileInput[];
}

export interface PackedContext extends FilesResult {
  /** Budget the context was compressed to. */
  budget: number;
}

export async function packContext(req: PackRequest): Promise<PackedContext> {
  const { sources, maxInputTokens: _m, reservedTokens: _r, ...options } = req;
  if (sources.length === 0) throw usageError('no context to compress');
  const result = await compressFilesTo(sources, options, (originalTokens) => resolveBudget(originalTokens, req));
  return { ...result, summary: savingsSummary('Context', result.originalTokens, result.compressedTokens) };
}
