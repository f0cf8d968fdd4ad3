/**
 * The engine as front ends see it: the same four calls in process (`localEngine`, the CLI and the MCP server) and
 * over the worker thread (the extension's EngineClient). Front-end code takes an `Engine`.
 */
import { countTokens } from './budget/tokenizers';
import { compress } from './compress';
import { packContext, type PackRequest, type PackedContext } from './contextPack';
import { throwIfAborted } from './errors';
import { compressFiles, type FileInput, type FilesResult } from './files';
import type { CompressOptions, CompressionResult, TokenizerName } from './types';

export interface Engine {
  compress(input: string, options?: CompressOptions): Promise<CompressionResult>;
  /** One shared budget, `## path` blocks, a savings line. */
  compressFiles(files: FileInput[], options?: CompressOptions): Promise<FilesResult>;
  /** The sources packed to a budget that fits the model's window. */
  packContext(request: PackRequest): Promise<PackedContext>;
  countTokens(text: string, tokenizer?: TokenizerName, signal?: AbortSignal): Promise<number>;
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
};
