/**
 * QMSum positional recall (used by qmsum.bench.ts and for tuning): whole qmsum-val meetings as
 * "Speaker: content" lines, compressed to a token target; recall = share of content-word positions
 * (not stop words, with a letter or digit) inside the query's relevant_text_span turns that survive.
 * The engine's output is a subsequence of the input (checked with isFaithful); its spans give the kept
 * positions exactly. Baselines keep the same number of tokens (their cost: the sum of per-word counts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { isFaithful } from '../src/core/faithfulness';
import { analyze, selectScored } from '../src/core/text';
import type { Analysis, SelectOptions } from '../src/core/text/engine';
import { ANNOTATIONS } from '../src/core/text/lexicon';
import { terms } from '../src/core/text/policy';
import { bm25 } from '../src/core/text/relevance';
import { debrisLines } from '../src/core/text/structure';
import { segment } from '../src/core/text/words';
import { sharedDataPath } from '../scripts/environment.mjs';
import { seededRandom } from '../scripts/seeded';
import { contentFirst, firstK, isContentWord, shuffledIndexes, takeInOrder } from './baselines';

export const count = tokenCounter('o200k_base');

export interface Query {
  query: string;
  spans: [number, number][];
}

export interface Meeting {
  file: string;
  text: string;
  /** Offset of each turn, plus the end. */
  starts: number[];
  queries: Query[];
  a: Analysis;
}

/** Queries spread over the meeting (they are in meeting order): up to `per` evenly spaced ones. */
function spread<T>(xs: T[], per: number): T[] {
  if (xs.length <= per) return xs;
  return Array.from({ length: per }, (_, k) => xs[Math.round((k * (xs.length - 1)) / (per - 1))]);
}

/** A QMSum meeting as `Speaker: text` lines, with the offset where each turn starts (and the end). */
export function transcript(turns: readonly { speaker: string; content: string }[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  for (const t of turns) {
    starts.push(text.length);
    text += `${t.speaker}: ${t.content}\n`;
  }
  starts.push(text.length);
  return { text, starts };
}

export async function loadMeetings(model: string, perMeeting: number): Promise<Meeting[]> {
  const dir = sharedDataPath('meetings/qmsum-val');
  const out: Meeting[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const m = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const { text, starts } = transcript(m.meeting_transcripts);
    const queries: Query[] = spread<Query>(
      (m.specific_query_list ?? []).map((q: { query: string; relevant_text_span: string[][] }) => ({
        query: q.query,
        spans: q.relevant_text_span.map(([x, y]) => [Number(x), Number(y)] as [number, number]),
      })),
      perMeeting,
    );
    if (queries.length === 0) continue;
    out.push({ file, text, starts, queries, a: await cachedAnalyze(text, model) });
  }
  return out;
}

/** TERSIFY_BENCH_CACHE=1 keeps model scores in the temp folder between runs (tuning). */
async function cachedAnalyze(text: string, model: string): Promise<Analysis> {
  if (!process.env.TERSIFY_BENCH_CACHE) return analyze(text, { model });
  const dir = join(tmpdir(), 'tersify-bench-cache');
  mkdirSync(dir, { recursive: true });
  const f = join(dir, createHash('sha1').update(model).update(text).digest('hex') + '.bin');
  if (existsSync(f)) {
    const seg = segment(text);
    const buf = readFileSync(f);
    const wordP = new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8).slice();
    return { seg, wordP, unitChunk: new Int32Array(seg.units.length), provider: 'cache', model, notes: [] };
  }
  const a = await analyze(text, { model });
  writeFileSync(f, Buffer.from(a.wordP.buffer));
  return a;
}

interface Acc {
  kept: number;
  total: number;
}
const ratio = (a: Acc) => (a.total ? +(a.kept / a.total).toFixed(4) : 0);

export interface EvalResult {
  engineWithQuery: number;
  engineWithoutQuery: number;
  baselines: Record<string, { withQueryBudget: number; withoutQueryBudget?: number }>;
  meanTokensWith: number;
  meanTokensWithout: number;
  debrisLines: number;
  outputLines: number;
  unfaithful: number;
  queries: number;
}

/** Evaluates the engine (with options) and the baselines on the given meetings. */
export function evaluate(meetings: Meeting[], target: number, opts: Partial<SelectOptions> = {}, baselines = true): EvalResult {
  const eng = { with: { kept: 0, total: 0 }, without: { kept: 0, total: 0 } };
  const base: Record<string, { with: Acc; without: Acc }> = {};
  const add = (name: string, key: 'with' | 'without', kept: number, total: number) => {
    base[name] ??= { with: { kept: 0, total: 0 }, without: { kept: 0, total: 0 } };
    base[name][key].kept += kept;
    base[name][key].total += total;
  };
  let tokWith = 0;
  let tokWithout = 0;
  let debris = 0;
  let lines = 0;
  let unfaithful = 0;
  let queries = 0;
  for (const m of meetings) {
    const { seg } = m.a;
    const words = seg.words;
    const turnOf = new Int32Array(words.length);
    for (let w = 0, t = 0; w < words.length; w++) {
      while (m.starts[t + 1] <= words[w].start) t++;
      turnOf[w] = t;
    }
    // Transcript markup ({disfmarker}, {vocalsound}) is not content a query needs, however often it occurs.
    const isContent = words.map((w) => isContentWord(w.text) && !(ANNOTATIONS.has(w.text.toLowerCase()) && m.text[w.start - 1] === '{'));
    const wcost = words.map((w) => count(` ${w.text}`));
    const plain = selectScored(m.a, { budget: target, count, ...opts });
    const checkOut = (text: string) => {
      if (!isFaithful(m.text, text)) unfaithful++;
      const d = debrisLines(text);
      debris += d.debris.length;
      lines += d.lines;
    };
    checkOut(plain.compressed);
    for (const q of m.queries) {
      queries++;
      const inSpan = Uint8Array.from(turnOf, (t) => (q.spans.some(([a, b]) => t >= a && t <= b) ? 1 : 0));
      const recall = (kept: ArrayLike<boolean | number>) => {
        let k = 0;
        let n = 0;
        for (let w = 0; w < words.length; w++) {
          if (!inSpan[w] || !isContent[w]) continue;
          n++;
          if (kept[w]) k++;
        }
        return [k, n] as const;
      };
      const aware = selectScored(m.a, { budget: target, count, question: q.query, ...opts });
      checkOut(aware.compressed);
      const r1 = recall(aware.spans.map((s) => s.kept));
      eng.with.kept += r1[0];
      eng.with.total += r1[1];
      const r0 = recall(plain.spans.map((s) => s.kept));
      eng.without.kept += r0[0];
      eng.without.total += r0[1];
      tokWith += aware.compressedTokens;
      tokWithout += plain.compressedTokens;
      if (!baselines) continue;
      for (const [key, K] of [
        ['with', aware.compressedTokens],
        ['without', plain.compressedTokens],
      ] as const) {
        add('first-k tokens', key, ...recall(firstK(wcost, K)));
        add('random tokens', key, ...recall(takeInOrder(shuffledIndexes(words.length, seededRandom(words.length + queries)), wcost, K)));
        add('content words first', key, ...recall(takeInOrder(contentFirst(isContent), wcost, K)));
        if (key === 'with') {
          // Whole turns ranked by BM25 against the query.
          const nTurns = m.starts.length - 1;
          const docs: string[][] = Array.from({ length: nTurns }, () => []);
          const turnWords: number[][] = Array.from({ length: nTurns }, () => []);
          words.forEach((w, i) => {
            docs[turnOf[i]].push(...terms(w.text));
            turnWords[turnOf[i]].push(i);
          });
          const score = bm25(docs, terms(q.query));
          const order = docs.map((_, t) => t).sort((a, b) => score[b] - score[a] || a - b);
          const kept = new Uint8Array(words.length);
          let c = 0;
          for (const t of order) {
            const tc = turnWords[t].reduce((s, w) => s + wcost[w], 0);
            if (c + tc > K) continue;
            for (const w of turnWords[t]) kept[w] = 1;
            c += tc;
          }
          add('BM25 whole turns', key, ...recall(kept));
        }
      }
    }
  }
  const out: EvalResult['baselines'] = {};
  for (const [k, v] of Object.entries(base)) out[k] = { withQueryBudget: ratio(v.with), ...(v.without.total ? { withoutQueryBudget: ratio(v.without) } : {}) };
  return {
    engineWithQuery: ratio(eng.with),
    engineWithoutQuery: ratio(eng.without),
    baselines: out,
    meanTokensWith: Math.round(tokWith / Math.max(1, queries)),
    meanTokensWithout: Math.round(tokWithout / Math.max(1, queries)),
    debrisLines: debris,
    outputLines: lines,
    unfaithful,
    queries,
  };
}
