/**
 * Tersify's settings: one schema (defaults + validation) and the mapping to engine options.
 * No vscode import: `settings.ts` feeds it from `workspace.getConfiguration('tersify')`.
 */
import type { CompressOptions } from '../core/types';
import type { WarmUpOptions } from '../core/protocol/worker';
import {
  DEFAULT_EXECUTION_PROVIDER,
  DEFAULT_MODE,
  DEFAULT_PRESET,
  DEFAULT_PROTECT,
  DEFAULT_RATE,
  DEFAULT_TOKENIZER,
  EXECUTION_PROVIDERS,
  MODES,
  PRESETS,
  PROTECT_GROUPS,
  RATE_MAX,
  RATE_MIN,
  TOKENIZERS,
  type ExecutionProviderSetting,
  type Mode,
  type PresetName,
  type ProtectGroup,
  type TokenizerName,
} from '../core/vocabulary';

export { RATE_MAX, RATE_MIN };

export interface TersifySettings {
  rate: number;
  tokenizer: TokenizerName;
  preset: PresetName;
  mode: Mode;
  forceTokens: string[];
  /** Fact groups prose compression ranks above ordinary words (core/text/facts.ts). */
  protect: ProtectGroup[];
  questionAware: boolean;
  /** '' = the bundled default model. */
  modelPath: string;
  executionProvider: ExecutionProviderSetting;
  threads: number;
  pricePerMillionTokens: number;
  historySize: number;
  statusBarEnabled: boolean;
}

export const DEFAULT_SETTINGS: Readonly<TersifySettings> = Object.freeze({
  rate: DEFAULT_RATE,
  tokenizer: DEFAULT_TOKENIZER,
  preset: DEFAULT_PRESET,
  mode: DEFAULT_MODE,
  forceTokens: [],
  protect: [...DEFAULT_PROTECT],
  questionAware: false,
  modelPath: '',
  executionProvider: DEFAULT_EXECUTION_PROVIDER,
  threads: 0,
  pricePerMillionTokens: 2.5,
  historySize: 500,
  statusBarEnabled: true,
});

/** Setting keys under the `tersify.` section, as declared in package.json `contributes.configuration`. */
export const SETTING_KEYS = {
  rate: 'rate',
  tokenizer: 'tokenizer',
  preset: 'preset',
  mode: 'mode',
  forceTokens: 'forceTokens',
  protect: 'protect',
  questionAware: 'questionAware',
  modelPath: 'modelPath',
  executionProvider: 'executionProvider',
  threads: 'threads',
  pricePerMillionTokens: 'pricePerMillionTokens',
  historySize: 'historySize',
  statusBarEnabled: 'statusBar.enabled',
} as const satisfies Record<keyof TersifySettings, string>;

/** The enum settings and their values (package.json declares the same: test/vscode/manifest.test.ts). */
export const SETTING_ENUMS = {
  tokenizer: TOKENIZERS,
  preset: PRESETS,
  mode: MODES,
  executionProvider: EXECUTION_PROVIDERS,
} as const;

export interface ParsedSettings {
  settings: TersifySettings;
  /** One line per invalid value that was replaced by its default. */
  problems: string[];
}

/** Reads and validates every setting; invalid values fall back to defaults and are reported. */
export function parseSettings(get: (key: string) => unknown): ParsedSettings {
  const problems: string[] = [];
  const s: TersifySettings = { ...DEFAULT_SETTINGS, forceTokens: [], protect: [...DEFAULT_PROTECT] };
  const bad = (key: string, value: unknown, expected: string) =>
    problems.push(`tersify.${key}: ${JSON.stringify(value)} is not ${expected}; using the default`);

  const num = (key: keyof TersifySettings, min: number, max: number, integer: boolean): number | undefined => {
    const value = get(SETTING_KEYS[key]);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      bad(SETTING_KEYS[key], value, `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
      return undefined;
    }
    return value;
  };
  const oneOf = <T extends string>(key: keyof typeof SETTING_ENUMS, values: readonly T[]): T | undefined => {
    const value = get(SETTING_KEYS[key]);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    bad(SETTING_KEYS[key], value, `one of ${values.join(', ')}`);
    return undefined;
  };
  const bool = (key: keyof TersifySettings): boolean | undefined => {
    const value = get(SETTING_KEYS[key]);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    bad(SETTING_KEYS[key], value, 'true or false');
    return undefined;
  };

  s.rate = num('rate', RATE_MIN, RATE_MAX, false) ?? s.rate;
  s.tokenizer = oneOf('tokenizer', SETTING_ENUMS.tokenizer) ?? s.tokenizer;
  s.preset = oneOf('preset', SETTING_ENUMS.preset) ?? s.preset;
  s.mode = oneOf('mode', SETTING_ENUMS.mode) ?? s.mode;
  s.executionProvider = oneOf('executionProvider', SETTING_ENUMS.executionProvider) ?? s.executionProvider;
  s.threads = num('threads', 0, 256, true) ?? s.threads;
  s.pricePerMillionTokens = num('pricePerMillionTokens', 0, 1_000_000, false) ?? s.pricePerMillionTokens;
  s.historySize = num('historySize', 0, 100_000, true) ?? s.historySize;
  s.questionAware = bool('questionAware') ?? s.questionAware;
  s.statusBarEnabled = bool('statusBarEnabled') ?? s.statusBarEnabled;

  const force = get(SETTING_KEYS.forceTokens);
  if (Array.isArray(force) && force.every((t) => typeof t === 'string')) s.forceTokens = force.filter((t) => t.length > 0);
  else if (force !== undefined && force !== null) bad(SETTING_KEYS.forceTokens, force, 'an array of strings');

  const protect = get(SETTING_KEYS.protect);
  if (Array.isArray(protect) && protect.every((g) => (PROTECT_GROUPS as readonly unknown[]).includes(g))) s.protect = [...(protect as ProtectGroup[])];
  else if (protect !== undefined && protect !== null) bad(SETTING_KEYS.protect, protect, `a list of ${PROTECT_GROUPS.join(', ')}`);

  const model = get(SETTING_KEYS.modelPath);
  if (typeof model === 'string') s.modelPath = model.trim();
  else if (model !== undefined && model !== null) bad(SETTING_KEYS.modelPath, model, 'a folder path');

  return { settings: s, problems };
}

/** Per-call context that is not a setting. */
export interface CompressContext {
  language?: string;
  filename?: string;
  question?: string;
  /** Overrides of the settings (e.g. the compression view's slider). */
  rate?: number;
  targetTokens?: number;
  preset?: PresetName;
  mode?: Mode;
}

/** The engine options for one compression. */
export function toCompressOptions(s: TersifySettings, ctx: CompressContext = {}): CompressOptions {
  const options: CompressOptions = {
    tokenizer: s.tokenizer,
    preset: ctx.preset ?? s.preset,
    mode: ctx.mode ?? s.mode,
    executionProvider: s.executionProvider,
  };
  if (ctx.targetTokens !== undefined) options.targetTokens = ctx.targetTokens;
  else options.rate = clampRate(ctx.rate ?? s.rate);
  if (s.threads > 0) options.threads = s.threads;
  if (s.modelPath) options.model = s.modelPath;
  // An empty list means "engine default" (newline and sentence punctuation), not "force nothing".
  if (s.forceTokens.length > 0) options.forceTokens = s.forceTokens;
  // All groups is the engine default; a narrower list is passed on.
  if (!DEFAULT_PROTECT.every((g) => s.protect.includes(g))) options.protect = s.protect;
  if (ctx.language) options.language = ctx.language;
  if (ctx.filename) options.filename = ctx.filename;
  const question = ctx.question?.trim();
  if (question) options.question = question;
  return options;
}

/** What loading the prose model depends on (`Engine.warmUp`). */
export function warmUpOptions(s: TersifySettings): WarmUpOptions {
  const { tokenizer, executionProvider, threads, model } = toCompressOptions(s);
  return { tokenizer, executionProvider, threads, model };
}

export function clampRate(rate: number): number {
  if (!Number.isFinite(rate)) return DEFAULT_SETTINGS.rate;
  return Math.min(RATE_MAX, Math.max(RATE_MIN, Math.round(rate * 100) / 100));
}

/** Parses "0.4", "40%" or "3x" into a keep rate; undefined when invalid. */
export function parseRate(input: string): number | undefined {
  const s = input.trim().toLowerCase();
  let rate: number;
  if (/^\d+(\.\d+)?\s*%$/.test(s)) rate = parseFloat(s) / 100;
  else if (/^\d+(\.\d+)?\s*x$/.test(s)) rate = 1 / parseFloat(s);
  else if (/^\d*\.?\d+$/.test(s)) rate = parseFloat(s);
  else return undefined;
  return Number.isFinite(rate) && rate >= RATE_MIN && rate <= RATE_MAX ? rate : undefined;
}
