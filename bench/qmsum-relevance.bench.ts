/**
 * Model-free study of query relevance on QMSum (how regionRelevance's reach, BOOST.span, was chosen, and
 * which expansions were tried): rank whole turns by a relevance score, keep the content words of the best
 * turns up to 1,500 content words (about the engine's 2,000 tokens), and report the share of content words
 * of the query's relevant_text_span turns kept. Chosen on qmsum-train; qmsum-val is reported beside it.
 * - bm25: BM25 of each turn against the query (the BM25-whole-turns baseline, on content words);
 * - spread L: BM25 spread over neighbouring turns, exp(−distance/L) in content words (relevance.ts);
 * - learned term weights: per query term, the mean log-lift of its density inside vs outside the
 *   relevant turns on qmsum-train (shrunk to 1 for rare terms), as BM25 query weights — a learned table;
 * - pseudo-relevance feedback: the 20 most distinctive terms of the best region added with weight 0.2.
 * Run: node --import tsx bench/qmsum-relevance.bench.ts   → bench/results/qmsum-relevance.json
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isStopWord } from '../src/core/text/lexicon';
import { terms } from '../src/core/text/policy';
import { spreadRelevance } from '../src/core/text/relevance';
import { sharedDataPath } from '../scripts/environment.mjs';

interface Turn {
  content: string;
}
interface M {
  meeting_transcripts: Turn[];
  specific_query_list?: { query: string; relevant_text_span: string[][] }[];
}
const load = (split: string): M[] => {
  const dir = sharedDataPath(`meetings/${split}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
};
const KEEP = 1500;

/** BM25 with per-term query weights; also returns document frequencies. */
function bm25w(docs: string[][], q: Map<string, number>, k1 = 1.2, b = 0.75) {
  const N = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / N || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const scores = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    let s = 0;
    for (const [t, w] of q) {
      const f = tf.get(t);
      if (!f) continue;
      const n = df.get(t) ?? 0;
      s += (w * Math.log(1 + (N - n + 0.5) / (n + 0.5)) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg));
    }
    return s;
  });
  return { scores, df };
}

function prepare(m: M) {
  const T = m.meeting_transcripts;
  const cw = T.map((t) => t.content.split(/\s+/).filter((w) => w && !isStopWord(w) && /[\p{L}\p{N}]/u.test(w)).length);
  return { cw, len: cw.map((c) => c + 1), docs: T.map((t) => terms(t.content)) };
}
const inSpan = (n: number, spans: string[][]) => {
  const a = new Uint8Array(n);
  for (const [x, y] of spans) for (let t = Number(x); t <= Number(y); t++) a[t] = 1;
  return a;
};

/** Learned table: query term → weight, from qmsum-train. */
function learnWeights(ms: M[]): Map<string, number> {
  const stat = new Map<string, { sum: number; n: number }>();
  for (const m of ms) {
    const { docs } = prepare(m);
    for (const q of m.specific_query_list ?? []) {
      const s = inSpan(docs.length, q.relevant_text_span);
      const inC = new Map<string, number>();
      const outC = new Map<string, number>();
      let inW = 0;
      let outW = 0;
      docs.forEach((d, i) => {
        for (const t of d) {
          const c = s[i] ? inC : outC;
          c.set(t, (c.get(t) ?? 0) + 1);
          if (s[i]) inW++;
          else outW++;
        }
      });
      for (const t of new Set(terms(q.query))) {
        const lift = Math.log((((inC.get(t) ?? 0) + 0.5) / (inW + 1)) * ((outW + 1) / ((outC.get(t) ?? 0) + 0.5)));
        const e = stat.get(t) ?? { sum: 0, n: 0 };
        e.sum += lift;
        e.n++;
        stat.set(t, e);
      }
    }
  }
  const w = new Map<string, number>();
  for (const [t, e] of stat) w.set(t, Math.max(0, Math.min(2, (e.sum + 3) / (e.n + 3))));
  return w;
}

function evaluate(ms: M[], weights: Map<string, number>) {
  const acc: Record<string, { k: number; n: number }> = {};
  let queries = 0;
  for (const m of ms) {
    const { cw, len, docs } = prepare(m);
    for (const q of m.specific_query_list ?? []) {
      queries++;
      const s = inSpan(docs.length, q.relevant_text_span);
      const total = cw.reduce((a, c, i) => a + (s[i] ? c : 0), 0);
      const qt = [...new Set(terms(q.query))];
      const plain = new Map(qt.map((t) => [t, 1]));
      const first = bm25w(docs, plain);
      const variants: Record<string, ArrayLike<number>> = { bm25: first.scores };
      for (const L of [100, 300, 600]) variants[`spread L${L}`] = spreadRelevance(first.scores, len, L);
      const base = variants['spread L300'];
      variants['spread L300 + learned term weights'] = spreadRelevance(bm25w(docs, new Map(qt.map((t) => [t, weights.get(t) ?? 1]))).scores, len, 300);
      const order = [...Array(base.length).keys()].sort((a, b) => base[b] - base[a]);
      const tf = new Map<string, number>();
      for (let i = 0, used = 0; i < order.length && used < 400; i++) {
        used += cw[order[i]];
        for (const x of docs[order[i]]) tf.set(x, (tf.get(x) ?? 0) + 1);
      }
      const prf = new Map(plain);
      [...tf]
        .filter(([x]) => !plain.has(x) && !x.startsWith('~'))
        .map(([x, f]) => [x, f * Math.log(1 + docs.length / ((first.df.get(x) ?? 0) + 0.5))] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .forEach(([x]) => prf.set(x, 0.2));
      variants['spread L300 + pseudo-relevance feedback'] = spreadRelevance(bm25w(docs, prf).scores, len, 300);
      for (const [name, sc] of Object.entries(variants)) {
        const ord = [...Array(sc.length).keys()].sort((a, b) => sc[b] - sc[a] || a - b);
        let used = 0;
        let k = 0;
        for (const t of ord) {
          if (used + cw[t] > KEEP) continue;
          used += cw[t];
          if (s[t]) k += cw[t];
        }
        acc[name] ??= { k: 0, n: 0 };
        acc[name].k += k;
        acc[name].n += total;
      }
    }
  }
  return { queries, recall: Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, +(v.k / v.n).toFixed(4)])) };
}

const train = load('qmsum-train');
const weights = learnWeights(train);
const out = {
  metric: `whole turns ranked by each score, content words of the best turns kept up to ${KEEP}; share of the relevant turns' content words kept (all specific queries)`,
  chosen: 'spread L300 (BOOST.span); learned term weights and pseudo-relevance feedback do not help on qmsum-val and are not used',
  train: evaluate(train, weights),
  val: evaluate(load('qmsum-val'), weights),
};
console.log(JSON.stringify(out, null, 2));
const root = resolve(__dirname, '..');
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/qmsum-relevance.json'), JSON.stringify(out, null, 2) + '\n');
