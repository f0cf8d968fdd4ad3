/**
 * The prose engine pipeline: segment → tokenize → chunk → score (ONNX) → words → priority → select → render.
 * `analyze` does the model part once; `selectScored` does the rest from word probabilities, so that
 * other scorers (benchmarks) can reuse selection and rendering unchanged. The removal-priority policy
 * (how probabilities, priors, phrases and a question order removals) is policy.ts.
 */
import { throwIfAborted } from '../errors';
import type { TokenCounter } from '../budget/tokenizers';
import type { TextEngineRequest } from '../engines';
import type { EngineOutput, Span, TextEngineOptions } from '../types';
import { loadModelFiles, resolveModelDir, type ModelFiles } from './model-files';
import { BOOST, basePriority, type BoostParams, questionAwareP, questionBoost, unitProbabilities, type PolicyOptions } from './policy';
import { disposeSessions, getSession } from './runtime';
import { chunkTokens, scoreTokens, tokenizeWords, wordProbabilities, type ScoreOptions } from './score';
import { coarseDrop, type CoarseParams } from './coarse';
import { protectFacts } from './facts';
import { selectGlobal, selectPerChunk } from './select';
import { loadWordTokenizer, type WordTokenizer } from './tokenizer';
import { segment, sentenceOfUnits, type Segmentation } from './words';
import { cachedAnalysis, clearScoreCache } from './scoreCache';
import { DEFAULT_AGGREGATION } from '../vocabulary';

interface LoadedModel {
  files: ModelFiles;
  tok: WordTokenizer;
}

const models = new Map<string, LoadedModel>();

function loadModel(model: string | undefined): LoadedModel {
  const dir = resolveModelDir(model);
  let m = models.get(dir);
  if (!m) {
    const files = loadModelFiles(model);
    m = { files, tok: loadWordTokenizer(files) };
    models.set(dir, m);
  }
  return m;
}

export interface Analysis {
  seg: Segmentation;
  /** Model keep probability per word. */
  wordP: Float64Array;
  /** Chunk index per unit (the chunk holding its first token). */
  unitChunk: Int32Array;
  provider: string;
  model: string;
  notes: string[];
}

export interface AnalyzeOptions extends TextEngineOptions, ScoreOptions {}

export async function analyze(text: string, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const { files, tok } = loadModel(opts.model);
  const handle = await getSession(files.modelPath, { executionProvider: opts.executionProvider, threads: opts.threads });
  throwIfAborted(opts.signal);
  const seg = segment(text);
  const stream = tokenizeWords(seg, tok);
  const maxTokens = files.maxSequence - tok.prefix.length - tok.suffix.length;
  const chunks = chunkTokens(seg, stream, maxTokens);
  const tokenP = await scoreTokens(files, handle, tok, stream, chunks, opts);
  const wordP = wordProbabilities(seg, stream, tokenP, opts.aggregation ?? DEFAULT_AGGREGATION);
  // chunk of each word → of each unit
  const wordChunk = new Int32Array(seg.words.length).fill(-1);
  chunks.forEach((c, ci) => {
    for (let t = c.start; t < c.end; t++) if (wordChunk[stream.word[t]] < 0) wordChunk[stream.word[t]] = ci;
  });
  const unitChunk = new Int32Array(seg.units.length);
  let last = 0;
  seg.units.forEach((u, i) => {
    const c = u.firstWord < u.endWord ? wordChunk[u.firstWord] : -1;
    unitChunk[i] = last = c >= 0 ? c : last;
  });
  return { seg, wordP, unitChunk, provider: handle.provider, model: files.dir, notes: [...handle.fallbacks] };
}

export interface Scored {
  seg: Segmentation;
  wordP: Float64Array;
  unitChunk?: Int32Array;
}

export interface SelectOptions extends TextEngineOptions, PolicyOptions {
  budget: number;
  count: TokenCounter;
  question?: string;
  signal?: AbortSignal;
  /** Question boost weights (benches tune them; policy.ts BOOST). */
  boost?: Partial<BoostParams>;
  /** Coarse stage parameters (benches tune them); false turns the stage off. */
  coarse?: Partial<CoarseParams> | false;
}

export interface SelectedText {
  compressed: string;
  compressedTokens: number;
  spans: Span[];
  /** Keep flag per unit. */
  kept: Uint8Array;
  unitP: Float64Array;
  notes: string[];
}

export function selectScored(scored: Scored, opts: SelectOptions): SelectedText {
  const { seg, wordP } = scored;
  const { forced, unitP } = unitProbabilities(scored, opts);
  const notes: string[] = [];
  const sentenceOf = sentenceOfUnits(seg);
  const base = opts.perChunk ? { priority: unitP, group: undefined } : basePriority(seg, unitP, forced.forced, opts, sentenceOf);
  const facts = opts.perChunk ? new Uint8Array(seg.units.length) : protectFacts(seg, base.priority, opts.protect);
  let priority: Float64Array | undefined = opts.perChunk ? undefined : base.priority;
  const question = opts.question?.trim() && !opts.perChunk ? opts.question : undefined;
  const qb = question ? questionBoost(seg, sentenceOf, question, opts.boost) : undefined;
  const originalTokens = opts.count(seg.text);
  const dropped =
    opts.perChunk || opts.coarse === false
      ? undefined
      : coarseDrop({
          seg,
          priority: base.priority,
          count: opts.count,
          budget: opts.budget,
          inputTokens: originalTokens,
          relevance: qb?.sentenceRelevance,
          region: qb?.regionRelevance,
          params: opts.coarse || undefined,
        });
  // Protected facts are not dropped with their sentence by the coarse stage: the fine stage decides (facts last).
  if (dropped) for (let i = 0; i < facts.length; i++) if (facts[i]) dropped[i] = 0;
  if (question && qb) {
    // After the coarse stage has chosen sentences by relevance, relevance weighs less inside them.
    const B = { ...BOOST, ...opts.boost };
    const inCoarse = { ...B, relevance: B.coarseRelevance, region: B.coarseRegion, stopShare: B.coarseStopShare };
    const boost = dropped ? questionBoost(seg, sentenceOf, question, inCoarse).boost : qb.boost;
    priority = base.priority.map((p, i) => p + boost[i]);
  }
  const input = {
    seg,
    unitP,
    priority,
    forced,
    count: opts.count,
    budget: opts.budget,
    dropConsecutive: opts.dropConsecutive ?? true,
    signal: opts.signal,
    unitChunk: scored.unitChunk,
    group: base.group,
    dropped,
  };
  const sel = opts.perChunk ? selectPerChunk(input, originalTokens > 0 ? Math.min(1, opts.budget / originalTokens) : 1) : selectGlobal(input);
  if (opts.perChunk && opts.question) notes.push('question-aware ranking is not applied in perChunk mode');
  const spans: Span[] = seg.words.map((w, i) => ({
    start: w.start,
    end: w.end,
    kept: sel.kept[w.unit] === 1,
    p: forced.forced[w.unit] ? 1 : wordP[i],
    ...(facts[w.unit] ? { fact: seg.units[w.unit].fact } : {}),
  }));
  return { compressed: sel.text, compressedTokens: sel.tokens, spans, kept: sel.kept, unitP, notes: [...notes, ...sel.notes] };
}

/**
 * `analyze` through the score cache (scoreCache.ts): what changes the scores is in the key; the rate, budget and
 * question are not. `modelRuns` counts the session.run calls made for this call (0 when the scores were kept).
 */
async function analyzeCached(text: string, opts: AnalyzeOptions): Promise<{ analysis: Analysis; modelRuns: number }> {
  let modelRuns = 0;
  const key = [resolveModelDir(opts.model), opts.aggregation ?? DEFAULT_AGGREGATION, opts.executionProvider ?? '', opts.threads ?? 0].join('|');
  const { analysis } = await cachedAnalysis(text, key, () =>
    analyze(text, {
      ...opts,
      onRun: (ms) => {
        modelRuns++;
        opts.onRun?.(ms);
      },
    }),
  );
  throwIfAborted(opts.signal);
  return { analysis, modelRuns };
}

/** The text engine entry used by the orchestrator (compress.ts). */
export async function compressText(req: TextEngineRequest): Promise<EngineOutput> {
  throwIfAborted(req.signal);
  if (req.text.length === 0) return { compressed: '', spans: [], compressedTokens: 0, notes: [] };
  const { analysis: a, modelRuns } = await analyzeCached(req.text, { ...req.options, signal: req.signal });
  const out = selectScored(a, {
    ...req.options,
    budget: req.budget,
    count: req.count,
    question: req.question,
    signal: req.signal,
  });
  return {
    compressed: out.compressed,
    spans: out.spans,
    compressedTokens: out.compressedTokens,
    notes: [...a.notes, ...out.notes],
    provider: a.provider,
    model: a.model,
    modelRuns,
  };
}

export interface ScoredWord {
  text: string;
  start: number;
  end: number;
  p: number;
}

/** Word-level keep probabilities (for `tersify score`): force tokens 1; with a question, relevance folded in. */
export async function scoreText(
  text: string,
  opts: { question?: string; signal?: AbortSignal } & TextEngineOptions = {},
): Promise<{ words: ScoredWord[]; provider: string; model: string; notes: string[] }> {
  if (text.length === 0) return { words: [], provider: 'none', model: resolveModelDir(opts.model), notes: [] };
  const { analysis: a } = await analyzeCached(text, opts);
  const { forced } = unitProbabilities(a, opts);
  const boost = opts.question?.trim() ? questionBoost(a.seg, sentenceOfUnits(a.seg), opts.question).boost : undefined;
  const words = a.seg.words.map((w, i) => {
    const p = forced.forced[w.unit] ? 1 : a.wordP[i];
    return { text: w.text, start: w.start, end: w.end, p: boost ? questionAwareP(p, boost[w.unit]) : p };
  });
  return { words, provider: a.provider, model: a.model, notes: a.notes };
}

/**
 * Loads the model, its tokenizer and its ONNX session, and scores one short sentence, so that the user's first
 * compression does not pay for them (the extension calls this when the user first selects text).
 */
export async function warmUpText(opts: TextEngineOptions = {}): Promise<{ provider: string; model: string }> {
  const a = await analyze('Tersify warms up its model on this sentence.', opts);
  return { provider: a.provider, model: a.model };
}

/** Releases every ONNX session and cached tokenizer. */
export async function disposeModels(): Promise<void> {
  models.clear();
  clearScoreCache();
  await disposeSessions();
}
