/**
 * Retrieval tools for question-aware ranking: light lemmatisation, BM25, and the kind of value a
 * question asks for. The weights that turn them into a removal priority are in policy.ts.
 */

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
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
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

export type AnswerType = 'number' | 'date' | 'name' | undefined;

/** The kind of value a question asks for, from its wh-phrase. */
export function answerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\b(?:how (?:many|much|long|old|far|big|large|tall|high|often)|what (?:percentage|percent|proportion|number|amount|size|population))\b/u.test(q))
    return 'number';
  if (/\b(?:when|what (?:year|date|day|month|century|decade|time)|which (?:year|date|day|month|century|decade)|in what year)\b/u.test(q)) return 'date';
  if (/\b(?:who|whom|whose|where|what (?:city|country|company|organization|team|state|place|name))\b/u.test(q)) return 'name';
  return undefined;
}

/**
 * Relevance spread over neighbouring text: out[i] = Σ_j score[j]·exp(−d(i, j)/span), d = distance in
 * content words between the centres of sentences i and j. An answer sits next to the words that match
 * a question, and a query's relevant part of a transcript is a run of turns (QMSum: ~50 turns, ~350
 * content words), most of which share no word with the query. Two linear passes (exact for this kernel).
 */
export function spreadRelevance(score: ArrayLike<number>, length: ArrayLike<number>, span: number): Float64Array {
  const n = score.length;
  const out = new Float64Array(n);
  if (n === 0 || !(span > 0)) {
    for (let i = 0; i < n; i++) out[i] = score[i];
    return out;
  }
  // Distance between the centres of sentence i−1 and i.
  const step = (i: number) => (length[i - 1] + length[i]) / 2;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc = (i > 0 ? acc * Math.exp(-step(i) / span) : 0) + score[i];
    out[i] = acc;
  }
  acc = 0;
  for (let i = n - 1; i >= 0; i--) {
    acc = (i < n - 1 ? acc * Math.exp(-step(i + 1) / span) : 0) + score[i];
    out[i] += acc - score[i];
  }
  return out;
}
