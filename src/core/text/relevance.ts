/**
 * Question-aware ranking (LongLLMLingua's idea, without a second LLM): BM25 over lightly lemmatised
 * words ranks sentences (or contexts) against the question; the result becomes a priority boost per
 * unit: relevant sentences first, words the question names, and values (numbers, names, dates) in
 * the sentences that match it best.
 */
import type { Segmentation } from './words';

const STOP = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
    'am do does did doing have has had having i me my we our you your he him his she her it its they them their this that ' +
    'these those there here what which who whom whose when where why how not no nor so than too very can could will would ' +
    'shall should may might must s t just also only own same such both each few more most other some any all up down out ' +
    'over under again further once off per via while during before after above below between through until against ' +
    'because since within without upon whether yes one'
  ).split(/\s+/),
);

/** Lowercase, strip possessives, plurals, -ing and -ed. */
export function lemma(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '');
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ied')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  // "produced"/"produce" and "making"/"make" meet: drop a final silent e.
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function isStopWord(word: string): boolean {
  return STOP.has(word.toLowerCase());
}

/** Content terms of a text. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}_]+/gu)) {
    if (STOP.has(m[0].toLowerCase())) continue;
    out.push(lemma(m[0]));
  }
  return out;
}

/** BM25 score of every document against the query terms (k1 = 1.2, b = 0.75). */
export function bm25(docs: string[][], query: string[], k1 = 1.2, b = 0.75): number[] {
  const N = docs.length;
  if (N === 0) return [];
  const avg = docs.reduce((s, d) => s + d.length, 0) / N || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const q = [...new Set(query)];
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    let s = 0;
    for (const t of q) {
      const f = tf.get(t);
      if (!f) continue;
      const n = df.get(t) ?? 0;
      const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
      s += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg));
    }
    return s;
  });
}

/** Scores normalised to [0, 1] by the maximum (all zero when nothing matches). */
export function normalise(scores: number[]): number[] {
  const max = Math.max(0, ...scores);
  return scores.map((s) => (max > 0 ? s / max : 0));
}

export interface QuestionBoost {
  /** Added to a unit's keep probability to order removals. */
  boost: Float64Array;
  /** Normalised relevance of each sentence. */
  sentenceRelevance: number[];
}

/** Weights of the boost (tuned on XQuAD with a model-free scorer). */
export const BOOST = Object.freeze({ sentence: 1.0, best: 1.0, questionTerm: 1.5, value: 0.75 });

export function questionBoost(seg: Segmentation, sentenceOf: Int32Array, question: string): QuestionBoost {
  const { text, units } = seg;
  const nSent = units.length ? sentenceOf[units.length - 1] + 1 : 0;
  const docs: string[][] = Array.from({ length: nSent }, () => []);
  const unitLemma: (string | undefined)[] = units.map((u, i) => {
    if (u.kind === 'marker' || u.kind === 'punct' || u.kind === 'symbol') return undefined;
    const t = text.slice(u.start, u.end);
    const lemmas = terms(t);
    docs[sentenceOf[i]].push(...lemmas);
    return lemmas.length ? lemmas.join(' ') : undefined;
  });
  const q = new Set(terms(question));
  const rel = normalise(bm25(docs, [...q]));
  const boost = new Float64Array(units.length);
  let best = -1;
  for (let s = 0; s < nSent; s++) if (rel[s] === 1) best = best < 0 ? s : best;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    const s = sentenceOf[i];
    let b = BOOST.sentence * rel[s];
    if (s === best) b += BOOST.best;
    const l = unitLemma[i];
    if (l !== undefined && l.split(' ').some((x) => q.has(x))) b += BOOST.questionTerm;
    else if (rel[s] >= 0.5 && isValue(text, u.start, u.end, i > 0 && sentenceOf[i - 1] === s)) b += BOOST.value;
    boost[i] = b;
  }
  return { boost, sentenceRelevance: rel };
}

/** Numbers, dates, and capitalised words that do not start the sentence. */
function isValue(text: string, start: number, end: number, midSentence: boolean): boolean {
  const t = text.slice(start, end);
  if (/\p{N}/u.test(t)) return true;
  return midSentence && /^\p{Lu}/u.test(t) && !isStopWord(t);
}
