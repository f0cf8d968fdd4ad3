/**
 * The model-free baseline every prose benchmark compares against: stop words and punctuation are cheap,
 * every other word is worth keeping, longer words a little more.
 */
import { isStopWord } from '../src/core/text/lexicon';

export function heuristicKeepScore(word: string): number {
  if (isStopWord(word)) return 0.2;
  if (!/[\p{L}\p{N}]/u.test(word)) return 0.3;
  return 0.6 + Math.min(0.3, word.length / 40);
}
