/** Budget semantics (docs: README "Budgets"): rate = fraction KEPT, targetTokens absolute, tighter wins. */
import { usageError } from '../errors';
import { DEFAULT_RATE } from '../vocabulary';

export { DEFAULT_RATE };

export interface BudgetRequest {
  rate?: number;
  targetTokens?: number;
}

/** Throws a usage error for out-of-range values; call before any work. */
export function checkBudgetRequest(req: BudgetRequest): void {
  const { rate, targetTokens } = req;
  if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate > 0 && rate <= 1)) {
    throw usageError(`rate must be a number in (0, 1] (the fraction of tokens to keep), got ${String(rate)}`);
  }
  if (
    targetTokens !== undefined &&
    !(typeof targetTokens === 'number' && Number.isInteger(targetTokens) && targetTokens >= 1)
  ) {
    throw usageError(`targetTokens must be a positive integer, got ${String(targetTokens)}`);
  }
}

/** The budget in target-LLM tokens for an input of `originalTokens`. */
export function resolveBudget(originalTokens: number, req: BudgetRequest): number {
  checkBudgetRequest(req);
  const rate = req.rate ?? (req.targetTokens === undefined ? DEFAULT_RATE : 1);
  const fromRate = Math.round(originalTokens * rate);
  const budget = req.targetTokens === undefined ? fromRate : Math.min(fromRate, req.targetTokens);
  return Math.max(0, Math.min(budget, originalTokens));
}

/** How far a result may fall short of or exceed its budget (interface contract). */
export function budgetTolerance(budget: number): { min: number; max: number } {
  return { min: Math.floor(budget * 0.95), max: Math.max(Math.floor(budget * 1.02), budget + 5) };
}
