/**
 * Packing retrieved context for an assistant request (the @tersify chat participant, the
 * language-model tool): a budget that fits the model's window, question-aware compression of
 * every source to that one budget, and the "Context: a → b tokens (−x%)" line shown to the user.
 */
import { checkBudgetRequest } from './budget/budget';
import { checkTokenizer, tokenCounter } from './budget/tokenizers';
import { usageError } from './errors';
import { compressFiles, type FileInput, type FilesResult } from './files';
import { contextPrompt, parseBudgetPrompt, savingsSummary } from './format';
import type { CompressOptions } from './types';

export { contextPrompt, parseBudgetPrompt };

export interface PackRequest extends CompressOptions {
  sources: FileInput[];
  /** The model's input window, when known (e.g. LanguageModelChat.maxInputTokens). */
  maxInputTokens?: number;
  /** Tokens kept free for the instructions, the question and the answer. Default: a quarter of the window, at most 8,192. */
  reservedTokens?: number;
}

export interface PackedContext extends FilesResult {
  /** Budget the context was compressed to. */
  budget: number;
}

/** The context budget: the user's rate/target, capped by what the model's window leaves free. */
export function contextBudget(contextTokens: number, req: Omit<PackRequest, 'sources'>): number {
  checkBudgetRequest(req);
  let budget = Math.round(contextTokens * (req.rate ?? 0.5));
  if (req.targetTokens !== undefined) budget = Math.min(budget, req.targetTokens);
  if (req.maxInputTokens !== undefined && req.maxInputTokens > 0) {
    const reserve = req.reservedTokens ?? Math.min(8192, Math.floor(req.maxInputTokens / 4));
    budget = Math.min(budget, Math.max(1, req.maxInputTokens - reserve));
  }
  return Math.max(1, Math.min(budget, contextTokens));
}

export async function packContext(req: PackRequest): Promise<PackedContext> {
  const { sources, maxInputTokens: _m, reservedTokens: _r, ...options } = req;
  if (sources.length === 0) throw usageError('no context to compress');
  const count = tokenCounter(checkTokenizer(options.tokenizer));
  const total = sources.reduce((a, s) => a + count(s.text), 0);
  const budget = contextBudget(total, req);
  const result = await compressFiles(sources, { ...options, rate: total === 0 ? 1 : Math.min(1, budget / total), targetTokens: undefined });
  return { ...result, budget, summary: savingsSummary('Context', result.originalTokens, result.compressedTokens) };
}
