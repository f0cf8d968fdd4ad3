/**
 * Word-by-word tokenization with `@huggingface/tokenizers` (its encode() gives no offsets, so words
 * come from our own segmentation and each word is tokenized alone, cached per word).
 * Families: WordPiece (`##` continuation), Metaspace/SentencePiece (`▁` word start; a word glued to
 * the previous one, like "," in "world,", is tokenized without the `▁` prefix), ByteLevel BPE
 * (a leading space is passed through). Special tokens per chunk come from the post-processor.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { TersifyError } from '../errors';
import type { ModelFiles } from './model-files';

export type TokenizerFamily = 'wordpiece' | 'metaspace' | 'bytelevel' | 'other';

export interface WordTokenizer {
  family: TokenizerFamily;
  /** Ids of one word (no special tokens). */
  encodeWord(word: string, spaceBefore: boolean): Int32Array;
  /** Special tokens around every chunk (e.g. [CLS] … [SEP], <s> … </s>). */
  prefix: number[];
  suffix: number[];
  padId: number;
}

type Json = Record<string, unknown>;

function findPreTokenizer(pt: unknown, type: string): Json | undefined {
  if (!pt || typeof pt !== 'object') return undefined;
  const o = pt as Json;
  if (o.type === type) return o;
  if (Array.isArray(o.pretokenizers)) {
    for (const p of o.pretokenizers) {
      const f = findPreTokenizer(p, type);
      if (f) return f;
    }
  }
  return undefined;
}

function detectFamily(tj: Json): TokenizerFamily {
  const model = tj.model as Json;
  if (findPreTokenizer(tj.pre_tokenizer, 'Metaspace')) return 'metaspace';
  if (findPreTokenizer(tj.pre_tokenizer, 'ByteLevel')) return 'bytelevel';
  if (model.type === 'WordPiece') return 'wordpiece';
  return 'other';
}

/** A copy of tokenizer.json whose Metaspace pre-tokenizer adds no "▁" at the start. */
function withoutPrefixSpace(tj: Json): Json {
  const copy = JSON.parse(JSON.stringify(tj)) as Json;
  const visit = (pt: unknown) => {
    if (!pt || typeof pt !== 'object') return;
    const o = pt as Json;
    if (o.type === 'Metaspace') {
      o.prepend_scheme = 'never';
      o.add_prefix_space = false;
    }
    if (Array.isArray(o.pretokenizers)) o.pretokenizers.forEach(visit);
  };
  visit(copy.pre_tokenizer);
  // Some exports prepend "▁" in the normalizer instead.
  const norm = copy.normalizer as Json | null | undefined;
  if (norm && Array.isArray(norm.normalizers)) {
    norm.normalizers = (norm.normalizers as Json[]).filter((n) => n.type !== 'Prepend');
  } else if (norm && norm.type === 'Prepend') copy.normalizer = null;
  return copy;
}

function construct(files: ModelFiles, tj: Json): Tokenizer {
  try {
    return new Tokenizer(tj, files.tokenizerConfig);
  } catch (e) {
    throw new TersifyError('model', `cannot load ${files.dir}/tokenizer.json: ${(e as Error).message}`);
  }
}

export function loadWordTokenizer(files: ModelFiles): WordTokenizer {
  const tj = files.tokenizerJson;
  const family = detectFamily(tj);
  const main = construct(files, tj);
  const glued = family === 'metaspace' ? construct(files, withoutPrefixSpace(tj)) : main;
  const cache = new Map<string, Int32Array>();
  const encodeWord = (word: string, spaceBefore: boolean): Int32Array => {
    const key = (spaceBefore ? '1' : '0') + word;
    let ids = cache.get(key);
    if (!ids) {
      let enc: number[];
      if (family === 'metaspace') enc = (spaceBefore ? main : glued).encode(word, { add_special_tokens: false }).ids;
      else if (family === 'bytelevel' && spaceBefore) enc = main.encode(' ' + word, { add_special_tokens: false }).ids;
      else enc = main.encode(word, { add_special_tokens: false }).ids;
      ids = Int32Array.from(enc);
      if (cache.size > 200_000) cache.clear();
      cache.set(key, ids);
    }
    return ids;
  };
  // Special tokens: compare an encoding with and without them.
  const plain = main.encode('a', { add_special_tokens: false }).ids;
  const full = main.encode('a', { add_special_tokens: true }).ids;
  let at = -1;
  for (let i = 0; i + plain.length <= full.length && at < 0; i++) {
    if (plain.every((id, j) => full[i + j] === id)) at = i;
  }
  const prefix = at < 0 ? [] : full.slice(0, at);
  const suffix = at < 0 ? [] : full.slice(at + plain.length);
  const padId = findPad(files, main);
  return { family, encodeWord, prefix, suffix, padId };
}

function findPad(files: ModelFiles, tok: Tokenizer): number {
  if (typeof files.config.pad_token_id === 'number') return files.config.pad_token_id;
  const padToken = files.tokenizerConfig.pad_token;
  const name = typeof padToken === 'string' ? padToken : (padToken as Json | undefined)?.content;
  for (const cand of [name, '[PAD]', '<pad>']) {
    if (typeof cand === 'string') {
      const id = tok.token_to_id(cand);
      if (id !== undefined) return id;
    }
  }
  return 0;
}
