/**
 * The one schema of the options every front end passes (library, JSONL, MCP, the extension): each field's type and
 * range, checked before any work, with a usage error that names the field. Unknown fields are ignored here (the
 * JSONL front end refuses them itself).
 */
import { checkBudgetRequest } from './budget/budget';
import { usageError } from './errors';
import type { CompressOptions } from './types';
import { AGGREGATIONS, EXECUTION_PROVIDERS, MODES, PRESETS, PROTECT_GROUPS, TOKENIZERS } from './vocabulary';

type Check = (value: unknown) => string | undefined;

const describe = (v: unknown): string =>
  Array.isArray(v)
    ? 'an array'
    : v === null
      ? 'null'
      : typeof v === 'string'
        ? JSON.stringify(v)
        : typeof v === 'object'
          ? 'an object'
          : `${typeof v} ${String(v)}`;
const string: Check = (v) => (typeof v === 'string' ? undefined : `must be a string, got ${describe(v)}`);
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : `must be true or false, got ${describe(v)}`);
const oneOf =
  (list: readonly string[], what: string): Check =>
  (v) =>
    typeof v === 'string' && list.includes(v) ? undefined : `unknown ${what} ${describe(v)} (expected one of: ${list.join(', ')})`;
const strings: Check = (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'must be an array of strings');
const protect: Check = (v) => {
  if (!Array.isArray(v)) return `must be an array of fact groups (${PROTECT_GROUPS.join(', ')}), got ${describe(v)}`;
  const bad = v.find((g) => !(PROTECT_GROUPS as readonly unknown[]).includes(g));
  return bad === undefined ? undefined : `has an unknown fact group ${describe(bad)} (expected any of: ${PROTECT_GROUPS.join(', ')})`;
};
const threads: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 256 ? undefined : `must be an integer in [0, 256], got ${describe(v)}`;
const signal: Check = (v) => (typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean' ? undefined : 'must be an AbortSignal');

/** Every option and its check (rate and targetTokens: budget/budget.ts). */
const SCHEMA: Record<Exclude<keyof CompressOptions, 'rate' | 'targetTokens'>, Check> = {
  tokenizer: oneOf(TOKENIZERS, 'tokenizer'),
  mode: oneOf(MODES, 'mode'),
  preset: oneOf(PRESETS, 'preset'),
  language: string,
  filename: string,
  question: string,
  signal,
  model: string,
  forceTokens: strings,
  forceDigits: boolean,
  protect,
  dropConsecutive: boolean,
  perChunk: boolean,
  aggregation: oneOf(AGGREGATIONS, 'aggregation'),
  executionProvider: oneOf(EXECUTION_PROVIDERS, 'execution provider'),
  threads,
};

/** Throws a usage error for the first option of the wrong type or out of range; `undefined` means "the default". */
export function checkOptions(options: unknown): asserts options is CompressOptions {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw usageError(`options must be an object, got ${describe(options)}`);
  const o = options as Record<string, unknown>;
  checkBudgetRequest(o);
  for (const [key, check] of Object.entries(SCHEMA)) {
    const value = o[key];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) throw usageError(problem.startsWith('unknown') ? problem : `${key} ${problem}`);
  }
}
