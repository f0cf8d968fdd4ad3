/**
 * Exact budget fitting shared by the engines. An engine orders its removable units
 * (first = removed first) and renders the text with the first k removed; we find the
 * smallest k whose rendering fits the budget, probing with exact token counts guided
 * by per-unit cost estimates so that few full renderings are needed.
 */
import { throwIfAborted } from '../errors';
import type { TokenCounter } from './tokenizers';

export interface FitProblem {
  /** Estimated token cost of each unit, in removal order. */
  costs: readonly number[];
  /** The text with the first k units (in removal order) removed. */
  render(k: number): string;
  count: TokenCounter;
  budget: number;
  signal?: AbortSignal;
}

export interface FitResult {
  /** Units removed. */
  k: number;
  text: string;
  tokens: number;
  /** False when even removing every unit leaves more than the budget (forced content). */
  met: boolean;
}

/** Accept a fit without proving minimality once it is this close below the budget. */
const CLOSE_ENOUGH = 0.985;

export function fitToBudget(p: FitProblem): FitResult {
  const n = p.costs.length;
  // Counts only: holding every rendering would hold many copies of a large input.
  const exact = new Map<number, number>();
  let last = { k: -1, text: '' };
  const measure = (k: number) => {
    let tokens = exact.get(k);
    if (tokens === undefined) {
      throwIfAborted(p.signal);
      const text = p.render(k);
      tokens = p.count(text);
      exact.set(k, tokens);
      last = { k, text };
    }
    return { tokens };
  };
  const done = (k: number, met: boolean): FitResult => {
    const tokens = measure(k).tokens;
    return { k, text: last.k === k ? last.text : p.render(k), tokens, met };
  };

  if (measure(0).tokens <= p.budget) return done(0, true);
  if (n === 0 || measure(n).tokens > p.budget) return done(n, false);

  // removedCost[k] = estimated tokens saved by removing the first k units.
  const removedCost = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) removedCost[i + 1] = removedCost[i] + Math.max(0, p.costs[i]);

  let lo = 0; // measure(lo) > budget
  let hi = n; // measure(hi) <= budget
  let anchor = 0; // last measured k, to correct the estimate's offset
  while (hi - lo > 1) {
    const need = measure(anchor).tokens - p.budget + removedCost[anchor];
    // smallest k with removedCost[k] >= need
    let a = lo + 1;
    let b = hi - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (removedCost[mid] >= need) b = mid;
      else a = mid + 1;
    }
    let k = a;
    if (exact.has(k)) k = (lo + hi) >> 1; // estimate stalled: bisect
    const m = measure(k);
    if (m.tokens <= p.budget) {
      hi = k;
      if (m.tokens >= p.budget * CLOSE_ENOUGH) break;
    } else {
      lo = k;
    }
    anchor = k;
  }
  return done(hi, true);
}
