/**
 * The exact fit: the smallest number of units (removal order, order.ts) whose rendering meets the
 * budget (`fitToBudget`), then a same-class bend at the boundary when that lands far under it.
 */
import { fitToBudget, type FitResult } from '../budget/fit';
import type { TokenCounter } from '../budget/tokenizers';
import { throwIfAborted } from '../errors';
import { NEVER, type RemovalOrder } from './order';
import { renderRemoved, type RenderPlan } from './render';

/** Fits `order` (rendered by `plan`) to `budget`; may bend `order.removedAt` at the boundary (see refineUndershoot). */
export function fitOrder(order: RemovalOrder, plan: RenderPlan, eff: Uint8Array, count: TokenCounter, budget: number, signal?: AbortSignal): FitResult {
  const { text } = plan;
  const m = plan.elisions.length;
  const units = m + order.order.length;
  const fit = fitToBudget({
    costs: order.costs.subarray(0, units) as unknown as number[],
    render: (k) => (k === 0 ? text : renderRemoved(plan, k)),
    count,
    budget,
    signal,
  });
  return refineUndershoot(fit, budget, m, order.order, order.removedAt, (k) => renderRemoved(plan, k), count, eff, signal);
}

/**
 * fitToBudget stops at the first k that fits; when the unit at the boundary is worth several
 * tokens (e.g. `VAR_3` = 3 tokens) that can land more than 5% under the budget. Then we keep that
 * unit and instead remove the following units OF THE SAME CLASS, greedily, until the result is
 * within [95%, 100%] of the budget: the preset's class order is untouched, only the within-class
 * order bends at the boundary.
 */
function refineUndershoot(
  fit: FitResult,
  budget: number,
  m: number,
  fineOrder: Int32Array,
  removedAt: Int32Array,
  render: (k: number) => string,
  count: (s: string) => number,
  eff: Uint8Array,
  signal?: AbortSignal,
): FitResult {
  const floor = Math.floor(budget * 0.95);
  if (!fit.met || fit.tokens >= floor || fit.k <= m) return fit;
  const tokenOf = (u: number) => fineOrder[u - m];
  const boundary = fit.k - 1;
  const cls = eff[tokenOf(boundary)];
  // Candidate units: the boundary and the next units of the same class.
  const candidates: number[] = [];
  for (let u = boundary; u < m + fineOrder.length && candidates.length < 24; u++) {
    if (eff[tokenOf(u)] !== cls) break;
    candidates.push(u);
  }
  const saved = candidates.map((u) => removedAt[tokenOf(u)]);
  const last = candidates[candidates.length - 1];
  // Work with k = last + 1; units in candidates are removed only if chosen.
  for (const u of candidates) removedAt[tokenOf(u)] = NEVER;
  let best: FitResult | undefined;
  for (const u of candidates) {
    throwIfAborted(signal);
    removedAt[tokenOf(u)] = u;
    const text = render(last + 1);
    const tokens = count(text);
    if (tokens <= budget) {
      if (tokens >= floor) {
        best = { k: last + 1, text, tokens, met: true };
        break;
      }
      removedAt[tokenOf(u)] = NEVER; // overshoots downwards: keep this one
    }
  }
  if (best) return best;
  candidates.forEach((u, i) => (removedAt[tokenOf(u)] = saved[i]));
  return fit;
}
