/**
 * The engine as front ends see it: the same calls in process (`localEngine`, the CLI and the MCP server) and
 * over the worker thread (the extension's EngineClient). Front-end code takes an `Engine`.
 */
import { countTokens } from './budget/tokenizers';
import { compress } from './compress';
import { packContext, type PackRequest, type PackedContext } from './contextPack';
import { throwIfAborted } from './errors';
import { compressFiles, type FileInput, type FilesResult } from './files';
import { warmUpText } from './text';
import type { CompressOptions, CompressionResult, TextEngineOptions, TokenizerName } from './types';

export interface Engine {
  compress(input: string, options?: CompressOptions): Promise<CompressionResult>;
  /** One shared budget, `## path` blocks, a savings line. */
  compressFiles(files: FileInput[], options?: CompressOptions): Promise<FilesResult>;
  /** The sources packed to a budget that fits the model's window. */
  packContext(request: PackRequest): Promise<PackedContext>;
  countTokens(text: string, tokenizer?: TokenizerName, signal?: AbortSignal): Promise<number>;
  /** Loads the prose model and its session (and the target tokenizer) ahead of the first compression. */
  warmUp(options?: TextEngineOptions & { tokenizer?: TokenizerName }): Promise<{ provider: string; ms: number }>;
}

/** `Engine.warmUp` in this thread. */
export async function warmUp(options: TextEngineOptions & { tokenizer?: TokenizerName } = {}): Promise<{ provider: string; ms: number }> {
  const t0 = performance.now();
  countTokens('warm up', options.tokenizer);
  const { provider } = await warmUpText(options);
  return { provider, ms: performance.now() - t0 };
}

/** The core functions in this thread. */
export const localEngine: Engine = {
  compress,
  compressFiles,
  packContext,
  async countTokens(text, tokenizer, signal) {
    throwIfAborted(signal);
    return countTokens(text, tokenizer);
  },
  warmUp,
};
