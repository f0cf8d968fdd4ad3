/**
 * Several contexts (e.g. retrieved documents). As published: a context's score is its mean word
 * probability (with a question: plus its normalised BM25 relevance); contexts at or above the
 * percentile for `contextLevelRate` (default (rate+1)/2) survive. Then token-level compression of the
 * survivors under the remaining budget, ranked jointly across them: a context's score shifts the
 * priority of all its words, so higher-scoring contexts get more of the budget.
 */
import { resolveBudget } from '../budget/budget';
import { checkTokenizer, tokenCounter } from '../budget/tokenizers';
import { throwIfAborted } from '../errors';
import type { TextEngineOptions, TokenizerName } from '../types';
import { analyze, selectScored, unitProbabilities, type Scored } from './engine';
import { render } from './render';
import { bm25, normalise, terms } from './relevance';
import { percentile } from './select';
import { segment } from './words';

export const CONTEXT_SEPARATOR = '\n\n';

export interface ContextsOptions extends TextEngineOptions {
  rate?: number;
  targetTokens?: number;
  tokenizer?: TokenizerName;
  question?: string;
  /** Fraction of contexts to keep at the context level. Default (rate + 1) / 2. */
  contextLevelRate?: number;
  /** Apply the context-level filter. Default true. */
  contextFilter?: boolean;
  /** How strongly a context's score shifts its words' priority. Default 0.5. */
  contextWeight?: number;
  signal?: AbortSignal;
}

export interface ContextResult {
  index: number;
  /** Survived the context-level filter. */
  kept: boolean;
  score: number;
  compressed: string;
  originalTokens: number;
  compressedTokens: number;
}

export interface ContextsResult {
  /** Surviving compressed contexts joined with a blank line. */
  compressed: string;
  contexts: ContextResult[];
  originalTokens: number;
  compressedTokens: number;
  ratio: number;
  budget: number;
  notes: string[];
  provider?: string;
  model?: string;
}

export async function compressContexts(contexts: string[], opts: ContextsOptions = {}): Promise<ContextsResult> {
  const count = tokenCounter(checkTokenizer(opts.tokenizer));
  const originalTokens = count(contexts.join(CONTEXT_SEPARATOR));
  const budget = resolveBudget(originalTokens, { rate: opts.rate, targetTokens: opts.targetTokens });
  const rate = originalTokens > 0 ? budget / originalTokens : 1;
  const notes: string[] = [];
  const analyses: Scored[] = [];
  let provider: string | undefined;
  let model: string | undefined;
  const scores: number[] = [];
  for (const c of contexts) {
    throwIfAborted(opts.signal);
    if (c.trim() === '') {
      analyses.push({ seg: segment(c), wordP: new Float64Array(0) });
      scores.push(0);
      continue;
    }
    const a = await analyze(c, opts);
    provider = a.provider;
    model = a.model;
    for (const n of a.notes) if (!notes.includes(n)) notes.push(n);
    analyses.push(a);
    const { unitP } = unitProbabilities(a, opts);
    scores.push(unitP.length ? unitP.reduce((s, p) => s + p, 0) / unitP.length : 0);
  }
  if (opts.question?.trim()) {
    const rel = normalise(bm25(contexts.map(terms), terms(opts.question)));
    rel.forEach((r, i) => (scores[i] += r));
  }
  // Context-level filter.
  const keepCtx = contexts.map((c) => c.trim() !== '');
  if ((opts.contextFilter ?? true) && contexts.length > 1) {
    const clr = opts.contextLevelRate ?? (rate + 1) / 2;
    const threshold = percentile(scores, Math.floor(100 * (1 - clr)));
    scores.forEach((s, i) => (keepCtx[i] = keepCtx[i] && s >= threshold));
  }
  const survivors = contexts.map((_, i) => i).filter((i) => keepCtx[i]);
  const results: ContextResult[] = contexts.map((c, i) => ({
    index: i,
    kept: keepCtx[i],
    score: Math.round(scores[i] * 1e4) / 1e4,
    compressed: '',
    originalTokens: count(c),
    compressedTokens: 0,
  }));
  if (survivors.length === 0) {
    return { compressed: '', contexts: results, originalTokens, compressedTokens: 0, ratio: 0, budget, notes, provider, model };
  }
  // Joint token-level selection over the survivors.
  const joinedText = survivors.map((i) => contexts[i]).join(CONTEXT_SEPARATOR);
  const joined = segment(joinedText);
  const unitCounts = survivors.map((i) => analyses[i].seg.units.length);
  const wordP = new Float64Array(joined.words.length);
  const offset = new Float64Array(joined.units.length);
  const weight = opts.contextWeight ?? 0.5;
  const survivorScores = normalise(survivors.map((i) => scores[i]));
  let w0 = 0;
  let u0 = 0;
  let aligned = joined.units.length === unitCounts.reduce((s, n) => s + n, 0);
  survivors.forEach((ci, k) => {
    const a = analyses[ci];
    if (w0 + a.wordP.length > wordP.length) aligned = false;
    if (!aligned) return;
    wordP.set(a.wordP, w0);
    offset.fill(weight * (survivorScores[k] - 0.5), u0, u0 + a.seg.units.length);
    w0 += a.wordP.length;
    u0 += a.seg.units.length;
  });
  if (!aligned || w0 !== joined.words.length) throw new Error('internal: context segmentation does not align');
  const sel = selectScored(
    { seg: joined, wordP },
    { ...opts, budget, count, question: opts.question, signal: opts.signal, priorityOffset: offset },
  );
  notes.push(...sel.notes);
  // Per-context outputs from the joint decision.
  let at = 0;
  const pieces: string[] = [];
  survivors.forEach((ci) => {
    const seg = analyses[ci].seg;
    const keep = sel.kept.slice(at, at + seg.units.length);
    at += seg.units.length;
    const out = render(seg, keep).text;
    results[ci].compressed = out;
    results[ci].compressedTokens = count(out);
    if (out.trim() !== '') pieces.push(out.replace(/\s+$/u, ''));
  });
  const compressed = pieces.join(CONTEXT_SEPARATOR);
  const compressedTokens = count(compressed);
  return {
    compressed,
    contexts: results,
    originalTokens,
    compressedTokens,
    ratio: originalTokens > 0 ? compressedTokens / originalTokens : 1,
    budget,
    notes,
    provider,
    model,
  };
}
