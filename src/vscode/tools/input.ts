/**
 * The tersify_compressContext language-model tool's rules, without vscode: input validation and the invocation
 * message (the budget is core/budget requestBudget). Which paths may be read and the result text are core/sources (shared with MCP). tool.ts applies them.
 */

export { TOOL_NAME } from '../ids';
/** Most paths one call may read. */
export const MAX_TOOL_PATHS = 200;

export interface ToolInput {
  paths: string[];
  question?: string;
  targetTokens?: number;
  rate?: number;
}

/** Checks what the model sent (it may send anything); the error text goes back to the model. */
export function parseToolInput(raw: unknown): { input: ToolInput } | { error: string } {
  if (typeof raw !== 'object' || raw === null) return { error: 'the input must be an object with "paths"' };
  const o = raw as Record<string, unknown>;
  if (!Array.isArray(o.paths) || o.paths.length === 0 || !o.paths.every((p) => typeof p === 'string' && p.trim() !== '')) {
    return { error: '"paths" must be a non-empty array of workspace-relative paths or file URIs' };
  }
  if (o.paths.length > MAX_TOOL_PATHS) return { error: `at most ${MAX_TOOL_PATHS} paths per call` };
  const input: ToolInput = { paths: o.paths.map((p: string) => p.trim()) };
  if (o.question !== undefined && o.question !== null) {
    if (typeof o.question !== 'string') return { error: '"question" must be a string' };
    if (o.question.trim()) input.question = o.question.trim();
  }
  if (o.targetTokens !== undefined && o.targetTokens !== null) {
    if (typeof o.targetTokens !== 'number' || !Number.isInteger(o.targetTokens) || o.targetTokens < 1)
      return { error: '"targetTokens" must be an integer ≥ 1' };
    input.targetTokens = o.targetTokens;
  }
  if (o.rate !== undefined && o.rate !== null) {
    if (typeof o.rate !== 'number' || !(o.rate > 0 && o.rate <= 1)) return { error: '"rate" must be a number in (0, 1] (the fraction of tokens to keep)' };
    input.rate = o.rate;
  }
  return { input };
}

/** What prepareInvocation shows: "Compressing 2 files for the model: `src/a.ts`, `src/b.ts` (question-aware)". */
export function invocationMessage(input: ToolInput, max = 5): string {
  const n = input.paths.length;
  const shown = input.paths.slice(0, max).map((p) => `\`${p.replace(/`/g, "'")}\``);
  const budget =
    input.targetTokens !== undefined
      ? ` to ${input.targetTokens.toLocaleString('en-US')} tokens`
      : input.rate !== undefined
        ? ` to ${Math.round(input.rate * 100)}%`
        : '';
  return `Tersify: reading and compressing ${n} file${n === 1 ? '' : 's'}${budget}: ${shown.join(', ')}${n > max ? `, … (${n - max} more)` : ''}${input.question ? ' (question-aware)' : ''}`;
}
