/** Public types of the Tersify engine. Stable contracts: see README "Library". */

import type { Aggregation, CodeTokenType, ExecutionProviderSetting, Mode, PresetName, ProtectGroup, TokenizerName } from './vocabulary';

// The value lists and the types derived from them live in vocabulary.ts; re-exported for existing importers.
export * from './vocabulary';

export interface TextEngineOptions {
  /** Folder of an ONNX token-classification model; default: the bundled model. */
  model?: string;
  /**
   * Strings that survive whenever their sentence keeps a word (matched on the original text; punctuation alone
   * never makes an output line; perChunk keeps them unconditionally, as published). Default: ["\n", "?", ".", "!"].
   */
  forceTokens?: string[];
  /** Keep every word that contains a digit. */
  forceDigits?: boolean;
  /**
   * Fact groups ranked above every ordinary word (vocabulary.ts PROTECT_GROUPS; default: all; [] ranks facts like
   * other words). Facts are kept whole or dropped whole either way, and the budget still rules.
   */
  protect?: readonly ProtectGroup[];
  /** Drop a repeated force token when nothing was kept since its previous occurrence. Default true. */
  dropConsecutive?: boolean;
  /** Reproduce LLMLingua-2's per-512-token-chunk threshold instead of the exact global budget. */
  perChunk?: boolean;
  /** Subword → word probability aggregation. Default 'mean'. */
  aggregation?: Aggregation;
  executionProvider?: ExecutionProviderSetting;
  /** Intra-op threads for ONNX Runtime (0 = runtime default). */
  threads?: number;
}

export interface CompressOptions extends TextEngineOptions {
  /** Fraction of the input's tokens to KEEP, in (0, 1]. */
  rate?: number;
  /** Absolute budget in target-LLM tokens. With `rate`, the tighter wins. */
  targetTokens?: number;
  /** Target LLM tokenizer used to count budgets. Default o200k_base. */
  tokenizer?: TokenizerName;
  mode?: Mode;
  /** VS Code language id (e.g. 'typescript', 'python'); for code and fenced blocks without a tag. */
  language?: string;
  /** File name or path, used to detect the language by extension. */
  filename?: string;
  /** Code removal order. Default 'context'. */
  preset?: PresetName;
  /** Optional question: makes compression question-aware. */
  question?: string;
  signal?: AbortSignal;
}

/** A piece of the input, with offsets (JavaScript string indices) into the original input. */
export interface Span {
  start: number;
  end: number;
  kept: boolean;
  /** Code token type (code segments). */
  type?: CodeTokenType;
  /** Keep probability (prose segments). */
  p?: number;
  /** Prose: the fact kind of a protected fact (facts.ts), e.g. "url", "number". */
  fact?: string;
}

export type SegmentKind = 'text' | 'code' | 'passthrough';

export interface SegmentResult {
  kind: SegmentKind;
  /** Language id for code segments. */
  language?: string;
  /** Offsets of the segment in the input. */
  start: number;
  end: number;
  originalTokens: number;
  compressedTokens: number;
  compressed: string;
}

export interface CompressionResult {
  compressed: string;
  originalTokens: number;
  compressedTokens: number;
  /** compressedTokens / originalTokens (the rate achieved); 1 for empty input. */
  ratio: number;
  /** Budget in target-LLM tokens that was asked for. */
  budget: number;
  tokenizer: TokenizerName;
  /** What the input was treated as. */
  mode: 'text' | 'code' | 'mixed' | 'empty';
  /** Language of a pure code input. */
  language?: string;
  segments: SegmentResult[];
  /** Kept/dropped pieces covering every token of the input, in order (whitespace is not covered). */
  spans: Span[];
  /** Human-readable remarks (fallbacks, budget could not be met, ...). */
  notes: string[];
  /** Wall time of the compression in milliseconds. */
  ms: number;
  /** Execution provider that ran the NL model, when one ran. */
  provider?: string;
  /** Model folder used for prose, when one ran. */
  model?: string;
  /**
   * ONNX session.run calls made for this result: 0 when every prose score came from the score cache (the same
   * text at another rate or question); absent when no prose was scored.
   */
  modelRuns?: number;
}

/** The result of one engine (code or text) on one segment; offsets relative to the segment text. */
export interface EngineOutput {
  compressed: string;
  spans: Span[];
  /** Token count of `compressed` in the target tokenizer. */
  compressedTokens: number;
  notes: string[];
  language?: string;
  provider?: string;
  model?: string;
  /** ONNX session.run calls made (prose). */
  modelRuns?: number;
}
