/**
 * Chunk → batch → model (runtime.ts) → softmax → word probabilities: array code, no ONNX Runtime here.
 * Chunks hold at most `maxSequence - specials` model tokens and end on a sentence or line boundary
 * when one exists in the window, else on a word boundary; only a single word longer than a chunk is cut.
 */
import { throwIfAborted } from '../errors';
import type { ModelFiles } from './model-files';
import { checkLogits, runBatch, type SessionHandle } from './runtime';
import type { WordTokenizer } from './tokenizer';
import type { Segmentation } from './words';
import { DEFAULT_AGGREGATION, type Aggregation } from '../vocabulary';

export interface TokenStream {
  ids: Int32Array;
  /** Word index of every token. */
  word: Int32Array;
}

export interface Chunk {
  start: number;
  end: number;
}

export function tokenizeWords(seg: Segmentation, tok: WordTokenizer): TokenStream {
  const parts: Int32Array[] = [];
  let total = 0;
  for (const w of seg.words) {
    const ids = tok.encodeWord(w.text, w.spaceBefore);
    parts.push(ids);
    total += ids.length;
  }
  const ids = new Int32Array(total);
  const word = new Int32Array(total);
  let at = 0;
  parts.forEach((p, wi) => {
    ids.set(p, at);
    word.fill(wi, at, at + p.length);
    at += p.length;
  });
  return { ids, word };
}

const SENTENCE_END = /^[.!?。！？;；]+$/u;

/** Token index ranges of the chunks. */
export function chunkTokens(seg: Segmentation, stream: TokenStream, maxTokens: number): Chunk[] {
  const n = stream.ids.length;
  const chunks: Chunk[] = [];
  // boundary[t] = 2 (sentence/line boundary before token t), 1 (word boundary), 0 (inside a word).
  const boundary = new Uint8Array(n + 1);
  boundary[n] = 2;
  for (let t = 1; t < n; t++) {
    const a = stream.word[t - 1];
    const b = stream.word[t];
    if (a === b) continue;
    const wa = seg.words[a];
    const wb = seg.words[b];
    const lineBreak = seg.units[wa.unit].line !== seg.units[wb.unit].line;
    boundary[t] = lineBreak || SENTENCE_END.test(wa.text) ? 2 : 1;
  }
  let st = 0;
  while (st < n) {
    if (n - st <= maxTokens) {
      chunks.push({ start: st, end: n });
      break;
    }
    const ed = st + maxTokens;
    let cut = -1;
    for (let t = ed; t > st && cut < 0; t--) if (boundary[t] === 2) cut = t;
    for (let t = ed; t > st && cut < 0; t--) if (boundary[t] === 1) cut = t;
    if (cut < 0) cut = ed; // one enormous word: cut it into windows
    chunks.push({ start: st, end: cut });
    st = cut;
  }
  return chunks;
}

/**
 * Padded tokens per session.run (rows × longest row). Measured on 2 threads with the default model: 2 or 4 rows of
 * 512 tokens cost the same per token as 16 rows, and ONNX Runtime's memory arena keeps the largest run's
 * activations for the session's life (about 55 MB at 2 × 512, 440 MB at 16 × 512).
 */
export const BATCH_TOKENS = 1024;

export interface ScoreOptions {
  /** Padded tokens per model run (default BATCH_TOKENS); at least one chunk per run. */
  batchTokens?: number;
  signal?: AbortSignal;
  /** Called with the time spent in session.run (benchmarks). */
  onRun?: (ms: number) => void;
}

/** One model run: `rows` chunks padded to `seq` tokens (specials included), row-major ids and mask. */
export interface Batch {
  chunks: Chunk[];
  ids: Int32Array;
  mask: Uint8Array;
  seq: number;
}

/**
 * The model runs for a stream, built one at a time (only one batch's arrays live at once): longest chunks
 * first so that similar lengths share a run (less padding), at most `batchTokens` padded tokens per run.
 * Benchmarks feed the same batches to session.run alone for the raw floor.
 */
export function* batches(tok: WordTokenizer, stream: TokenStream, chunks: Chunk[], batchTokens = BATCH_TOKENS): Generator<Batch> {
  const order = chunks.map((_, i) => i).sort((a, b) => chunks[b].end - chunks[b].start - (chunks[a].end - chunks[a].start));
  const extra = tok.prefix.length + tok.suffix.length;
  for (let b0 = 0; b0 < order.length; ) {
    const seq = chunks[order[b0]].end - chunks[order[b0]].start + extra;
    const rows = Math.max(1, Math.floor(Math.max(1, batchTokens) / seq));
    const batch = order.slice(b0, b0 + rows).map((i) => chunks[i]);
    b0 += batch.length;
    const ids = new Int32Array(batch.length * seq).fill(tok.padId);
    const mask = new Uint8Array(batch.length * seq);
    batch.forEach((c, r) => {
      const row = r * seq;
      let at = row;
      for (const id of tok.prefix) ids[at++] = id;
      ids.set(stream.ids.subarray(c.start, c.end), at);
      at += c.end - c.start;
      for (const id of tok.suffix) ids[at++] = id;
      mask.fill(1, row, at);
    });
    yield { chunks: batch, ids, mask, seq };
  }
}

/** Keep probability of every token of the stream. */
export async function scoreTokens(
  files: ModelFiles,
  handle: SessionHandle,
  tok: WordTokenizer,
  stream: TokenStream,
  chunks: Chunk[],
  opts: ScoreOptions = {},
): Promise<Float32Array> {
  const probs = new Float32Array(stream.ids.length);
  const pre = tok.prefix.length;
  const labels = Object.keys(files.config.id2label ?? {}).length > 0 ? files.numLabels : undefined;
  for (const { chunks: batch, ids, mask, seq } of batches(tok, stream, chunks, opts.batchTokens)) {
    throwIfAborted(opts.signal);
    const logits = await runBatch(handle, ids, mask, batch.length, seq, opts.onRun);
    checkLogits(logits, {
      batch: batch.length,
      seq,
      keepIndex: files.keepIndex,
      labels,
      modelPath: files.modelPath,
      outputName: handle.outputName,
      configPath: `${files.dir}/config.json`,
    });
    const { data, dims: d } = logits;
    const L = d[2];
    batch.forEach((c, r) => {
      for (let t = c.start; t < c.end; t++) {
        const base = (r * seq + pre + (t - c.start)) * L;
        let max = -Infinity;
        for (let l = 0; l < L; l++) max = Math.max(max, data[base + l]);
        let sum = 0;
        for (let l = 0; l < L; l++) sum += Math.exp(data[base + l] - max);
        probs[t] = Math.exp(data[base + files.keepIndex] - max) / sum;
      }
    });
  }
  return probs;
}

/** Word probabilities: mean (or first) over each word's tokens; a word without tokens takes its neighbours'. */
export function wordProbabilities(
  seg: Segmentation,
  stream: TokenStream,
  tokenProbs: Float32Array,
  aggregation: Aggregation = DEFAULT_AGGREGATION,
): Float64Array {
  const n = seg.words.length;
  const sum = new Float64Array(n);
  const cnt = new Uint32Array(n);
  for (let t = 0; t < stream.word.length; t++) {
    const w = stream.word[t];
    if (aggregation === 'first' && cnt[w] > 0) continue;
    sum[w] += tokenProbs[t];
    cnt[w]++;
  }
  const p = new Float64Array(n);
  let last = 0.5;
  for (let w = 0; w < n; w++) {
    if (cnt[w] > 0) last = p[w] = sum[w] / cnt[w];
    else p[w] = last;
  }
  return p;
}
