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

/**
 * Places where both encodings' pre-tokenizers always cut, so that a text's count is the sum of its
 * pieces' counts: after a newline that is followed by a character other than whitespace or '/', and
 * before a space that follows punctuation and precedes a letter. Budget fitting counts many
 * renderings that share most of their lines; counting pieces through a cache makes that cheap.
 */
const SAFE_CUT = /\n(?=[^\s/])|(?<=[.,;:!?)\]}])(?= \p{L})/gu;
const CACHE_LIMIT = 200_000;
const PIECE_MIN = 64;

const counters = new Map<TokenizerName, TokenCounter>();

export function tokenCounter(name: TokenizerName = DEFAULT_TOKENIZER): TokenCounter {
  let counter = counters.get(name);
  if (counter) return counter;
  const encoding = ENCODINGS[name];
  const exact = (text: string) => encoding.countTokens(text, AS_PLAIN_TEXT);
  const cache = new Map<string, number>();
  const piece = (text: string) => {
    let n = cache.get(text);
    if (n === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      n = exact(text);
      cache.set(text, n);
    }
    return n;
  };
  counter = (text: string) => {
    if (text.length === 0) return 0;
    if (text.length < PIECE_MIN * 2) return piece(text);
    let total = 0;
    let start = 0;
    SAFE_CUT.lastIndex = 0;
    for (let m = SAFE_CUT.exec(text); m; m = SAFE_CUT.exec(text)) {
      const cut = m.index + m[0].length;
      if (m[0].length === 0) SAFE_CUT.lastIndex++; // the second kind of cut is zero-width
      if (cut - start >= PIECE_MIN) {
        total += piece(text.slice(start, cut));
        start = cut;
      }
    }
    return total + piece(text.slice(start));
  };
  counters.set(name, counter);
  return counter;
}

export function countTokens(text: string, name: TokenizerName = DEFAULT_TOKENIZER): number {
  return tokenCounter(name)(text);
}

/** Token ids, for callers that need them (e.g. per-token cost estimates). */
export function encodeTokens(text: string, name: TokenizerName = DEFAULT_TOKENIZER): number[] {
  return ENCODINGS[name].encode(text, AS_PLAIN_TEXT);
}
