/**
 * Packing retrieved context for an assistant request (the @tersify chat participant, the
 * language-model tool): a budget that fits the model's window, question-aware compression of
 * every source to that one budget, and the "Context: a → b tokens (−x%)" line shown to the user.
 */
import { checkBudgetRequest } from './budget/budget';
import { checkTokenizer, tokenCounter } from './budget/tokenizers';
import { usageError } from './errors';
import { compressFiles, savingsSummary, type FileInput, type FilesResult } from './files';
import type { CompressOptions } from './types';

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

/** The prompt sent to the model: compressed context first, then the question. */
export function contextPrompt(question: string, packed: PackedContext): string {
  return [
    'Answer the question using the context below. The context was compressed by deleting less important',
    'tokens; `⋯` marks elided code. Say so when the context does not contain the answer.',
    '',
    packed.text,
    '',
    `Question: ${question}`,
  ].join('\n');
}

/** "/budget 2000 why is it slow" or a leading "2000 why…" after the /budget command. */
export function parseBudgetPrompt(prompt: string): { targetTokens?: number; question: string } {
  const m = /^\s*(\d[\d_,]*)\s*(?:tokens?\b)?\s*/i.exec(prompt);
  if (!m) return { question: prompt.trim() };
  const n = Number(m[1].replace(/[_,]/g, ''));
  return Number.isInteger(n) && n > 0 ? { targetTokens: n, question: prompt.slice(m[0].length).trim() } : { question: prompt.trim() };
}
