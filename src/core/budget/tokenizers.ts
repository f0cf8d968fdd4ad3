/** Token counting in the target LLM's tokenizer (never the compressor model's own). */
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { usageError } from '../errors';
import { TOKENIZERS, type TokenizerName } from '../types';

export const DEFAULT_TOKENIZER: TokenizerName = 'o200k_base';

// Special-token text such as "<|endoftext|>" in user input is ordinary text to us.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const ENCODINGS = { o200k_base: o200k, cl100k_base: cl100k } as const;

export function checkTokenizer(name: string | undefined): TokenizerName {
  if (name === undefined) return DEFAULT_TOKENIZER;
  if (!(TOKENIZERS as readonly string[]).includes(name)) {
    throw usageError(`unknown tokenizer "${name}" (expected one of: ${TOKENIZERS.join(', ')})`);
  }
  return name as TokenizerName;
}

export type TokenCounter = (text: string) => number;

export function tokenCounter(name: TokenizerName = DEFAULT_TOKENIZER): TokenCounter {
  const encoding = ENCODINGS[name];
  return (text: string) => (text.length === 0 ? 0 : encoding.countTokens(text, AS_PLAIN_TEXT));
}

export function countTokens(text: string, name: TokenizerName = DEFAULT_TOKENIZER): number {
  return tokenCounter(name)(text);
}

/** Token ids, for callers that need them (e.g. per-token cost estimates). */
export function encodeTokens(text: string, name: TokenizerName = DEFAULT_TOKENIZER): number[] {
  return ENCODINGS[name].encode(text, AS_PLAIN_TEXT);
}
