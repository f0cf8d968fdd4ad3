/** Contracts between the orchestrator (compress.ts) and the two engines. */
import type { TokenCounter } from './budget/tokenizers';
import type { PresetName, TextEngineOptions, TokenizerName } from './types';

interface EngineRequestBase {
  /** The segment's text. Offsets in the output's spans are relative to it. */
  text: string;
  /** Budget for this segment's output, in target-LLM tokens (exact; see budget/fit.ts). */
  budget: number;
  count: TokenCounter;
  tokenizer: TokenizerName;
  question?: string;
  signal?: AbortSignal;
}

export interface CodeEngineRequest extends EngineRequestBase {
  /** A supported language id, or undefined for the lexical fallback. */
  language: string | undefined;
  preset: PresetName;
}

export interface TextEngineRequest extends EngineRequestBase {
  options: TextEngineOptions;
}

export type LanguageSource = 'explicit' | 'fence' | 'extension' | 'content' | 'none';

export interface LanguageResolution {
  /** Supported language id (VS Code's ids), or undefined when none applies. */
  id: string | undefined;
  source: LanguageSource;
  /** Set when an explicit id/tag/extension named a language we do not support. */
  unsupported?: string;
}

export interface LanguageHints {
  language?: string;
  filename?: string;
  fenceTag?: string;
  text?: string;
}
