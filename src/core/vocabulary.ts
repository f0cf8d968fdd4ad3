/**
 * Tersify's vocabulary: every list of allowed values, declared once. Types, CLI and MCP checks, settings,
 * webview pickers and help texts derive from these; test/vscode/manifest.test.ts checks package.json against them.
 * Pure (no imports), so the webviews can bundle it.
 */

/** How an input is treated. */
export const MODES = ['auto', 'text', 'code'] as const;
export type Mode = (typeof MODES)[number];
export const DEFAULT_MODE: Mode = 'auto';

/** Target-LLM tokenizers that budgets and savings are counted in. */
export const TOKENIZERS = ['o200k_base', 'cl100k_base'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];
export const DEFAULT_TOKENIZER: TokenizerName = 'o200k_base';

/** Code removal orders (the task the compressed code is for). */
export const PRESETS = ['context', 'repair', 'assertion', 'suggestion'] as const;
export type PresetName = (typeof PRESETS)[number];
export const DEFAULT_PRESET: PresetName = 'context';

/** ONNX Runtime execution providers; `auto` picks the best available for the platform. */
export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type ExecutionProviderSetting = (typeof EXECUTION_PROVIDERS)[number];
export const DEFAULT_EXECUTION_PROVIDER: ExecutionProviderSetting = 'auto';

/** Subword → word keep-probability aggregation of the prose model. */
export const AGGREGATIONS = ['mean', 'first'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const DEFAULT_AGGREGATION: Aggregation = 'mean';

/**
 * Fact groups the prose engine protects (ranks above every ordinary word; kept whole or dropped whole either way).
 * The fact kinds behind each group: src/core/text/facts.ts.
 */
export const PROTECT_GROUPS = ['urls', 'emails', 'paths', 'code', 'numbers', 'dates', 'versions', 'tickets', 'quotes'] as const;
export type ProtectGroup = (typeof PROTECT_GROUPS)[number];
export const DEFAULT_PROTECT: readonly ProtectGroup[] = PROTECT_GROUPS;

/** Fraction of tokens to keep when no budget is given. */
export const DEFAULT_RATE = 0.5;
/** The range the editor offers for the rate (settings, slider); the engine accepts any rate in (0, 1]. */
export const RATE_MIN = 0.05;
export const RATE_MAX = 1;

/** Token types of the code compressor (CodePromptZip's five plus our extras), in the order UIs list them. */
export const CODE_TOKEN_TYPES = [
  'Symbol',
  'Signature',
  'Invocation',
  'Identifier',
  'Structure',
  'Comment',
  'Docstring',
  'Import',
  'TypeAnnotation',
  'Literal',
  'Other',
] as const;
export type CodeTokenType = (typeof CODE_TOKEN_TYPES)[number];

/**
 * Language ids that say "prose, not code": an explicit language or fence tag among these is no code
 * language (the engine then looks at the file name and the content). Lower case.
 * Union of the engine's list (generic tags: '', text, txt, md, prose) and the editor's (VS Code's plaintext,
 * markdown, log and scminput, the source-control commit message box).
 */
export const PROSE_LANGUAGE_IDS = ['', 'text', 'plaintext', 'txt', 'markdown', 'md', 'prose', 'log', 'scminput'] as const;

const proseIds: ReadonlySet<string> = new Set(PROSE_LANGUAGE_IDS);

/** Whether a language id (any case) names prose rather than a code language. */
export function isProseLanguage(id: string): boolean {
  return proseIds.has(id.toLowerCase());
}

/** Whether `value` is one of `list` (narrows it to the list's type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
