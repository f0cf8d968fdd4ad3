/**
 * The removal order (CodePromptZip): each token's effective class under the preset and its estimated
 * cost, then the units in removal order — elided bodies first (one unit each), then every other token
 * by (preset step, more frequent within its class first, later first).
 */
import type { TokenCounter } from '../budget/tokenizers';
import type { PresetName } from '../types';
import type { Region, Tokens } from './buffer';
import { N_CLASSES } from './classes';
import { effectiveOf, presetEffectiveTable, presetRanks } from './presets';

export interface TokenStats {
  /** Effective class of each token under the preset. */
  eff: Uint8Array;
  /** Preset step of each class (`presetRanks`). */
  rank: Int8Array;
  /** Interned text of each token: `texts[textIds[i]]`. */
  textIds: Int32Array;
  texts: string[];
  /** Occurrences of each text (all tokens). */
  freq: Int32Array;
  /** Estimated cost of each token in target tokens, scaled so that the costs sum to `original`. */
  cost: Float64Array;
  /** Tokens of the whole text. */
  original: number;
}

/** Effective class, interned text, frequency and estimated cost of every token. */
export function tokenStats(text: string, tok: Tokens, preset: PresetName, count: TokenCounter): TokenStats {
  const n = tok.n;
  const rank = presetRanks(preset);
  const effOf = presetEffectiveTable(preset);
  const eff = new Uint8Array(n);
  const { textIds, texts } = internTokens(text, tok);
  for (let i = 0; i < n; i++) {
    const e = effOf[tok.mask[i]];
    eff[i] = e !== 255 ? e : effectiveOf(effOf, preset, tok.mask[i]);
  }
  const textCost = new Float64Array(texts.length);
  for (let t = 0; t < texts.length; t++) textCost[t] = Math.max(1, count(texts[t]));
  const original = count(text);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += textCost[textIds[i]];
  const scale = sum > 0 ? original / sum : 1;
  const cost = new Float64Array(n);
  for (let i = 0; i < n; i++) cost[i] = textCost[textIds[i]] * scale;
  const freq = new Int32Array(texts.length);
  for (let i = 0; i < n; i++) freq[textIds[i]]++;
  return { eff, rank, textIds, texts, freq, cost, original };
}

/**
 * Interns the tokens' texts without slicing repeats: an open-addressing hash table over the
 * characters of each token (FNV-1a), compared against the first occurrence. Ids are assigned in
 * order of first occurrence; `texts[id]` is that text.
 */
function internTokens(text: string, tok: Tokens): { textIds: Int32Array; texts: string[] } {
  const n = tok.n;
  const { start, end } = tok;
  const textIds = new Int32Array(n);
  const texts: string[] = [];
  let size = 64;
  while (size < n * 2) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1); // text id
  const firstTok: number[] = []; // first token of each text id
  for (let i = 0; i < n; i++) {
    const s = start[i];
    const e = end[i];
    let h = 0x811c9dc5;
    for (let j = s; j < e; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const id = slots[slot];
      if (id < 0) {
        const nid = texts.length;
        slots[slot] = nid;
        texts.push(text.slice(s, e));
        firstTok.push(i);
        textIds[i] = nid;
        break;
      }
      const f = firstTok[id];
      const fs = start[f];
      const len = e - s;
      if (end[f] - fs === len) {
        let j = 0;
        while (j < len && text.charCodeAt(fs + j) === text.charCodeAt(s + j)) j++;
        if (j === len) {
          textIds[i] = id;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  return { textIds, texts };
}

export interface RemovalOrder {
  /** Unit that removes each token (`NEVER` for none); a token is kept in render(k) iff removedAt >= k. */
  removedAt: Int32Array;
  /** Estimated cost of each unit: the elided bodies (minus the `⋯` left), then the fine units. */
  costs: Float64Array;
  /** Token of each fine unit: fine unit u is unit m + u (m = number of elided bodies). */
  order: Int32Array;
}

export const NEVER = 0x7fffffff;
const FREQ_BITS = 2 ** 24;
/** Slots per interned text in the (text, class) frequency table (classes < 16). */
const CLASS_SLOTS = 16;
const N_STEPS = N_CLASSES;

/** Units in removal order: `elisions` (bodies) first, then every other token. */
export function removalOrder(stats: TokenStats, elisions: Region[]): RemovalOrder {
  const { eff, rank, textIds, texts, cost } = stats;
  const n = eff.length;
  const m = elisions.length;
  const removedAt = new Int32Array(n).fill(NEVER);
  const costs = new Float64Array(n + m);
  elisions.forEach((r, u) => {
    let c = -1;
    for (let j = r.innerStart; j < r.innerEnd; j++) {
      if (removedAt[j] === NEVER) {
        removedAt[j] = u;
        c += cost[j];
      }
    }
    costs[u] = Math.max(0, c);
  });
  // Fine units sorted by key (preset step, more frequent in its class first, later first): a counting
  // sort on (step, frequency), visiting tokens from the last so that later ones come first.
  const nTexts = texts.length;
  const classFreq = new Int32Array(nTexts * CLASS_SLOTS);
  let fine = 0;
  for (let i = 0; i < n; i++) {
    if (removedAt[i] !== NEVER) continue;
    fine++;
    classFreq[textIds[i] * CLASS_SLOTS + eff[i]]++;
  }
  let maxF = 0;
  for (let g = 0; g < classFreq.length; g++) if (classFreq[g] > maxF) maxF = classFreq[g];
  maxF = Math.min(maxF, FREQ_BITS - 1);
  const width = maxF + 1;
  const bucketOf = new Int32Array(n);
  const start = new Int32Array(N_STEPS * width + 1);
  for (let i = 0; i < n; i++) {
    if (removedAt[i] !== NEVER) continue;
    const f = Math.min(classFreq[textIds[i] * CLASS_SLOTS + eff[i]], FREQ_BITS - 1);
    const b = rank[eff[i]] * width + (maxF - f);
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const order = new Int32Array(fine);
  for (let i = n - 1; i >= 0; i--) {
    if (removedAt[i] !== NEVER) continue;
    order[start[bucketOf[i]]++] = i;
  }
  for (let u = 0; u < fine; u++) {
    const i = order[u];
    removedAt[i] = m + u;
    costs[m + u] = cost[i];
  }
  return { removedAt, costs, order };
}
