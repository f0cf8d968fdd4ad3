/**
 * The budget rule (docs: README "Budgets"): rate = fraction KEPT, targetTokens absolute, tighter wins, default rate 0.5;
 * a model's input window, when known, caps the result. Every front end reaches it through requestBudget → resolveBudget.
 */
import { usageError } from '../errors';
import { DEFAULT_RATE } from '../vocabulary';

export { DEFAULT_RATE };

export interface BudgetRequest {
  rate?: number;
  targetTokens?: number;
  /** The model's input window, when known (e.g. LanguageModelChat.maxInputTokens): caps the budget. */
  maxInputTokens?: number;
  /** Tokens of that window kept free for the instructions, the question and the answer. Default: a quarter, at most 8,192. */
  reservedTokens?: number;
}

/** Throws a usage error for out-of-range values; call before any work. */
export function checkBudgetRequest(req: BudgetRequest): void {
  const { rate, targetTokens } = req;
  if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate > 0 && rate <= 1)) {
    throw usageError(`rate must be a number in (0, 1] (the fraction of tokens to keep), got ${String(rate)}`);
  }
  if (targetTokens !== undefined && !(typeof targetTokens === 'number' && Number.isInteger(targetTokens) && targetTokens >= 1)) {
    throw usageError(`targetTokens must be a positive integer, got ${String(targetTokens)}`);
  }
}

/** What the model's window leaves for context (at least 1), or undefined when the window is unknown. */
function windowCap(req: BudgetRequest): number | undefined {
  const max = req.maxInputTokens;
  if (max === undefined || !(max > 0)) return undefined;
  const reserve = req.reservedTokens ?? Math.min(8192, Math.floor(max / 4));
  return Math.max(1, max - reserve);
}

/** The budget in target-LLM tokens for an input of `originalTokens`. */
export function resolveBudget(originalTokens: number, req: BudgetRequest): number {
  checkBudgetRequest(req);
  const rate = req.rate ?? (req.targetTokens === undefined ? DEFAULT_RATE : 1);
  let budget = Math.round(originalTokens * rate);
  if (req.targetTokens !== undefined) budget = Math.min(budget, req.targetTokens);
  const cap = windowCap(req);
  if (cap !== undefined) budget = Math.min(budget, cap);
  return Math.max(0, Math.min(budget, originalTokens));
}

/** What a front end (the chat participant, the language-model tool) knows about the budget of one request. */
export interface FrontEndBudget {
  /** The `tersify.rate` setting: applies when neither `rate` nor `targetTokens` is given. */
  settingsRate: number;
  rate?: number;
  /** "/budget N" or the tool's targetTokens: N tokens (without `rate`, not the smaller of N and the setting). */
  targetTokens?: number;
  /** The token budget VS Code gives a tool's result: caps targetTokens. */
  tokenBudget?: number;
  /** The chosen model's input window: caps the budget (resolveBudget). */
  maxInputTokens?: number;
}

const positive = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n > 0;

/** A front end's request → the engine's budget options (resolveBudget applies them). */
export function requestBudget(o: FrontEndBudget): { rate: number; targetTokens?: number; maxInputTokens?: number } {
  const out: { rate: number; targetTokens?: number; maxInputTokens?: number } = {
    rate: o.rate ?? (o.targetTokens !== undefined ? 1 : o.settingsRate),
  };
  const caps = [o.targetTokens, positive(o.tokenBudget) ? Math.floor(o.tokenBudget) : undefined].filter((x): x is number => x !== undefined);
  if (caps.length) out.targetTokens = Math.max(1, Math.min(...caps));
  if (positive(o.maxInputTokens)) out.maxInputTokens = o.maxInputTokens;
  return out;
}

/** How far a result may fall short of or exceed its budget (interface contract). */
export function budgetTolerance(budget: number): { min: number; max: number } {
  return { min: Math.floor(budget * 0.95), max: Math.max(Math.floor(budget * 1.02), budget + 5) };
}

/** A result note that explains a miss of the budget contract: every such note states "budget of N". */
export function isBudgetNote(note: string): boolean {
  return /\bbudget of \d/.test(note);
}
