/**
 * Coarse-to-fine selection (LLMLingua's budget controller / LongLLMLingua's coarse step, with our own
 * scores). When the budget is tight for the input (budget / input tokens < COARSE.switch), whole
 * sentences are chosen first — a sentence is the unit inside a block (a turn, a list item, a table row,
 * a paragraph line) — until they hold budget / COARSE.fine tokens; the fine stage then drops words inside
 * them. Sentences not chosen leave nothing behind (their labels and markers follow via structure.ts).
 *
 * Unit score = mass / tokens^β · exp(γ·relevance) · (1 − δ·redundancy): mass = the sum of the content
 * units' removal priorities (model p mixed with the content prior, policy.ts), relevance = the normalised
 * BM25 of the text around the sentence against the question (regionRelevance: a query's relevant part is
 * a run of sentences, most of which share no word with it), redundancy = the share of its terms already
 * in chosen sentences.
 * Chosen greedily, lazily re-scored (scores only fall as coverage grows).
 */
import type { TokenCounter } from '../budget/tokenizers';
import { terms } from './policy';
import { structureOf } from './structure';
import type { Segmentation } from './words';

/** Tuned on the tune half of QMSum-val (bench/qmsum.bench.ts) and XQuAD; see the README. */
export const COARSE = Object.freeze({
  /** Coarse stage runs when budget / input tokens is below this … */
  switch: 0.5,
  /** … and the input holds at least this many tokens (a paragraph is compressed by word). */
  minTokens: 1000,
  /** Share of the chosen sentences' tokens the fine stage keeps (QMSum tune, without / with the query: 0.35 → 0.33 / 0.46, 0.45 → 0.356 / 0.476, 0.5 → 0.350 / 0.47, 0.65 → 0.28 / 0.39). */
  fine: 0.45,
  /** Length exponent: 1 = density, 0 = mass. */
  beta: 0.6,
  /**
   * Weight of question relevance: score × exp(relevance·r), r in [0, 1] (max-normalised), so a sentence in the
   * most relevant passage outranks a denser one elsewhere by up to e^4. QMSum tune half with the query:
   * (1 + 6r) 0.381 → exp(3r) 0.475, exp(5r) 0.473, exp(10r) 0.468 (with own 0, fine 0.45).
   */
  relevance: 4,
  /** Share of r that is the sentence's own BM25; the rest is the text around it (regionRelevance): 1 → 0.43, 0 → 0.46. */
  own: 0,
  /** Weight of redundancy with chosen sentences. */
  redundancy: 0,
  /** 1: a sentence's score counts its block's label/marker tokens until the block has a chosen sentence. */
  labelCost: 0,
  /** 1: choose whole blocks (lines: turns, list items, rows) instead of sentences. */
  blocks: 0,
});

export type CoarseParams = Record<keyof typeof COARSE, number>;

export interface CoarseInput {
  seg: Segmentation;
  /** Removal priority per unit (before coarse selection). */
  priority: Float64Array;
  count: TokenCounter;
  budget: number;
  /** Tokens of the whole input. */
  inputTokens: number;
  /** Normalised relevance per sentence (question mode). */
  relevance?: ArrayLike<number>;
  /** Normalised relevance of the text around each sentence (question mode). */
  region?: ArrayLike<number>;
  params?: Partial<CoarseParams>;
}

/** Units to drop whole (1), or undefined when the budget is not tight enough for the coarse stage. */
export function coarseDrop(inp: CoarseInput): Uint8Array | undefined {
  const P = { ...COARSE, ...inp.params };
  const { seg, priority, count } = inp;
  const { units, text } = seg;
  const n = units.length;
  if (n === 0 || inp.budget >= inp.inputTokens * P.switch || inp.inputTokens < P.minTokens) return undefined;
  const st = structureOf(seg);
  const { content, label } = st;
  const sentenceOf = P.blocks ? Int32Array.from(units, (u) => u.line) : st.sentenceOf;
  const nSent = sentenceOf[n - 1] + 1;
  const cache = new Map<string, number>();
  const cost = (i: number) => {
    const t = text.slice(units[i].start, units[i].end);
    let c = cache.get(t);
    if (c === undefined) cache.set(t, (c = Math.max(1, count(t))));
    return c;
  };
  const tokens = new Float64Array(nSent);
  const mass = new Float64Array(nSent);
  const termsOf: Set<string>[] = Array.from({ length: nSent }, () => new Set());
  const lineOf = new Int32Array(nSent);
  const labelCost = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const s = sentenceOf[i];
    const c = cost(i);
    lineOf[s] = units[i].line;
    if (label[i] || units[i].kind === 'marker') {
      labelCost.set(units[i].line, (labelCost.get(units[i].line) ?? 0) + c);
      continue;
    }
    tokens[s] += c;
    if (!content[i]) continue;
    mass[s] += Math.max(0, priority[i]);
    for (const t of terms(text.slice(units[i].start, units[i].end))) termsOf[s].add(t);
  }
  const want = inp.budget / P.fine;
  const base = new Float64Array(nSent);
  for (let s = 0; s < nSent; s++) {
    base[s] = tokens[s] > 0 && mass[s] > 0 ? mass[s] / tokens[s] ** P.beta : 0;
    if (inp.relevance) {
      const r = P.own * (inp.relevance[s] ?? 0) + (1 - P.own) * (inp.region?.[s] ?? 0);
      base[s] *= Math.exp(P.relevance * r);
    }
  }
  const covered = new Set<string>();
  const redundancy = (s: number) => {
    if (termsOf[s].size === 0) return 0;
    let hit = 0;
    for (const t of termsOf[s]) if (covered.has(t)) hit++;
    return hit / termsOf[s].size;
  };
  const lineChosen = new Set<number>();
  const score = (s: number) => {
    let v = base[s] * (1 - P.redundancy * redundancy(s));
    if (P.labelCost && !lineChosen.has(lineOf[s])) v *= (tokens[s] / (tokens[s] + (labelCost.get(lineOf[s]) ?? 0))) ** P.beta;
    return v;
  };
  // Lazy greedy: a max-heap of (stale score, sentence).
  const heap: [number, number][] = [];
  const push = (v: number, s: number) => {
    heap.push([v, s]);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p][0] >= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] > heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] > heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (let s = 0; s < nSent; s++) if (base[s] > 0) push(score(s), s);
  const chosen = new Uint8Array(nSent);
  let have = 0;
  while (heap.length && have < want) {
    const [v, s] = pop();
    const fresh = score(s);
    if (heap.length && fresh < v - 1e-12 && fresh < heap[0][0]) {
      push(fresh, s);
      continue;
    }
    chosen[s] = 1;
    have += tokens[s];
    if (!lineChosen.has(lineOf[s])) {
      lineChosen.add(lineOf[s]);
      have += labelCost.get(lineOf[s]) ?? 0;
    }
    for (const t of termsOf[s]) covered.add(t);
  }
  const drop = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (!chosen[sentenceOf[i]]) drop[i] = 1;
  return drop;
}
