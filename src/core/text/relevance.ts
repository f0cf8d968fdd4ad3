/**
 * Question-aware ranking (LongLLMLingua's idea, without a second LLM): BM25 over lightly lemmatised
 * words ranks sentences (or contexts) against the question; the result becomes a priority boost per
 * unit: relevant sentences first, words the question names, and values (numbers, names, dates) in
 * the sentences that match it best.
 */
import type { Segmentation } from './words';

const STOP = new Set(
  (
    // conversational fillers first: they carry nothing a question could ask about
    'um uh uhm umm erm hmm hm mm mhm yeah yep okay ok oh ah eh huh ' +
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
    'am do does did doing have has had having i me my we our you your he him his she her it its they them their this that ' +
    'these those there here what which who whom whose when where why how not no nor so than too very can could will would ' +
    'shall should may might must s t just also only own same such both each few more most other some any all up down out ' +
    'over under again further once off per via while during before after above below between through until against ' +
    'because since within without upon whether yes one ' +
    // detached clitics of tokenized text ("we 're"), as in NLTK's list
    're ll ve d m'
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
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function isStopWord(word: string): boolean {
  return STOP.has(word.toLowerCase());
}

/** Length of the prefix term added for long lemmas (see terms). */
export const PREFIX_TERM = 6;

/**
 * Content terms of a text: lemmas, plus a prefix term ("~" + first PREFIX_TERM letters) for longer
 * lemmas, so that derived forms match weakly ("Reformation" ~ "reform", "septicemic" ~ "septicemia",
 * "contribution" ~ "contribute"). XQuAD with the question: +0.6 / +0.2 points (tune / held-out half).
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}_]+/gu)) {
    if (STOP.has(m[0].toLowerCase())) continue;
    const l = lemma(m[0]);
    out.push(l);
    if (l.length >= PREFIX_TERM) out.push('~' + l.slice(0, PREFIX_TERM));
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

/**
 * Weights of the boost (tuned on the tune half of XQuAD: even paragraphs). Base priorities (model p
 * mixed with the content prior) lie in [0, ~1.5] and the word-level boosts below add at most ~2.5, so
 * sentence tiers TIER apart order whole sentences: the best-matching sentences are kept intact first
 * (an answer survives verbatim only when its whole span does), then the rest is compressed by word.
 */
export const BOOST = Object.freeze({
  /** Tier gap between ranked sentences. */
  tier: 4,
  /** How many best-ranked sentences get a tier of their own (2 rather than 3: +0.1 / +0.3 points on the XQuAD halves). */
  tiers: 2,
  /** Added to every sentence in proportion to its relevance (orders the untiered rest). */
  relevance: 1,
  /** Share of the previous sentence's BM25 score a sentence inherits. */
  carry: 0.3,
  /** Bonus for units near a question term in the best sentences (decays with distance in units). */
  near: 0.75,
  /** The sentence after the best one gets the tier of this rank (it often holds the answer). */
  nextRank: 1.5,
  /** Words the question names. */
  questionTerm: 0.5,
  /** Values (numbers, dates, names) in the best-ranked sentences. */
  value: 0.75,
  /** Values of the type the question asks for (how many → numbers, when → dates, who → names), times relevance. */
  typed: 1.5,
});

export type AnswerType = 'number' | 'date' | 'name' | undefined;

/** The kind of value a question asks for, from its wh-phrase. */
export function answerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\b(?:how (?:many|much|long|old|far|big|large|tall|high|often)|what (?:percentage|percent|proportion|number|amount|size|population))\b/u.test(q))
    return 'number';
  if (/\b(?:when|what (?:year|date|day|month|century|decade|time)|which (?:year|date|day|month|century|decade)|in what year)\b/u.test(q))
    return 'date';
  if (/\b(?:who|whom|whose|where|what (?:city|country|company|organization|team|state|place|name))\b/u.test(q)) return 'name';
  return undefined;
}

const MONTH_RE = /^(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/u;

function matchesType(type: AnswerType, t: string, midSentence: boolean): boolean {
  if (!type) return false;
  const lower = t.toLowerCase();
  if (type === 'number') return /\p{N}/u.test(t) || NUMBER_WORDS.has(lower);
  if (type === 'date') return /\p{N}/u.test(t) || (MONTH_RE.test(lower) && /^\p{Lu}/u.test(t));
  return /^\p{Lu}/u.test(t) && !isStopWord(t) && (midSentence || t.length > 1);
}

const NUMBER_WORDS = new Set(
  'zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million billion first second third fourth fifth half dozen'.split(' '),
);

export function questionBoost(seg: Segmentation, sentenceOf: Int32Array, question: string): QuestionBoost {
  const { text, units } = seg;
  const nSent = units.length ? sentenceOf[units.length - 1] + 1 : 0;
  const docs: string[][] = Array.from({ length: nSent }, () => []);
  const unitLemmas: string[][] = units.map((u, i) => {
    if (u.kind === 'marker' || u.kind === 'punct' || u.kind === 'symbol') return [];
    const lemmas = terms(text.slice(u.start, u.end));
    docs[sentenceOf[i]].push(...lemmas);
    return lemmas;
  });
  const q = new Set(terms(question));
  const raw = bm25(docs, [...q]);
  // A sentence that continues a matching one ("He …", "The company …") shares some of its score.
  const rel = normalise(raw.map((r, i) => r + BOOST.carry * (raw[i - 1] ?? 0)));
  const ranked = rel
    .map((r, s) => [r, s] as const)
    .filter(([r]) => r > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const sentenceBoost = rel.map((r) => BOOST.relevance * r);
  const tierOf = (k: number) => BOOST.tier * Math.max(0, BOOST.tiers - k);
  ranked.slice(0, BOOST.tiers).forEach(([, s], k) => (sentenceBoost[s] += tierOf(k)));
  // The sentence after the best one often holds the answer ("… Tesla Electric Light. The company installed …").
  if (ranked.length && ranked[0][1] + 1 < nSent) {
    const next = ranked[0][1] + 1;
    sentenceBoost[next] = Math.max(sentenceBoost[next], tierOf(BOOST.nextRank) + BOOST.relevance * rel[next]);
  }
  const type = answerType(question);
  const top = new Set(ranked.slice(0, 2).map(([, s]) => s));
  const boost = new Float64Array(units.length);
  const isTerm = unitLemmas.map((ls) => ls.some((x) => q.has(x)));
  // Distance (in units, within the sentence) to the nearest question term.
  const dist = new Float64Array(units.length).fill(Infinity);
  for (let i = 0, last = -Infinity; i < units.length; i++) {
    if (i > 0 && sentenceOf[i] !== sentenceOf[i - 1]) last = -Infinity;
    if (isTerm[i]) last = i;
    dist[i] = i - last;
  }
  for (let i = units.length - 1, next = Infinity; i >= 0; i--) {
    if (i < units.length - 1 && sentenceOf[i] !== sentenceOf[i + 1]) next = Infinity;
    if (isTerm[i]) next = i;
    dist[i] = Math.min(dist[i], next - i);
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    const s = sentenceOf[i];
    let b = sentenceBoost[s];
    const t = text.slice(u.start, u.end);
    const mid = i > 0 && sentenceOf[i - 1] === s;
    if (isTerm[i]) b += BOOST.questionTerm;
    else {
      if (top.has(s)) {
        if (isValue(t, mid)) b += BOOST.value;
        if (Number.isFinite(dist[i])) b += BOOST.near / (1 + dist[i] / 4);
      }
      if (rel[s] > 0 && matchesType(type, t, mid)) b += BOOST.typed * rel[s];
    }
    boost[i] = b;
  }
  return { boost, sentenceRelevance: rel };
}

/** Numbers (digits or words), dates, and capitalised words that are not stop words. */
function isValue(t: string, midSentence: boolean): boolean {
  if (/\p{N}/u.test(t)) return true;
  if (NUMBER_WORDS.has(t.toLowerCase())) return true;
  return /^\p{Lu}/u.test(t) && (midSentence || !isStopWord(t));
}
