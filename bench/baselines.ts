/**
 * Model-free word-selection baselines at a token budget, the same for every prose bench: words are taken in an
 * order while their cost (o200k tokens of " word") fits.
 */
import { isStopWord } from '../src/core/text/lexicon';

/** Keep flags: words in `order`, each kept when it still fits (a word that does not is skipped). */
export function takeInOrder(order: readonly number[], cost: readonly number[], budget: number): Uint8Array {
  const kept = new Uint8Array(cost.length);
  let c = 0;
  for (const w of order) {
    if (c + cost[w] > budget) continue;
    kept[w] = 1;
    c += cost[w];
  }
  return kept;
}

/** The first words of the text, up to the first that does not fit. */
export function firstK(cost: readonly number[], budget: number): Uint8Array {
  const kept = new Uint8Array(cost.length);
  for (let i = 0, c = 0; i < cost.length && c + cost[i] <= budget; c += cost[i++]) kept[i] = 1;
  return kept;
}

/** 0 … n−1 shuffled (Fisher–Yates with `rand`). */
export function shuffledIndexes(n: number, rand: () => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A content word: not a stop word, with a letter or digit. */
export const isContentWord = (w: string) => !isStopWord(w) && /[\p{L}\p{N}]/u.test(w);

/** Content words in text order, then the rest. */
export function contentFirst(isContent: readonly boolean[]): number[] {
  const idx = isContent.map((_, i) => i);
  return [...idx.filter((i) => isContent[i]), ...idx.filter((i) => !isContent[i])];
}
