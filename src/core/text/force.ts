/**
 * Force tokens matched on the original text (no retraining, no extra special tokens).
 * A force string matches where an occurrence starts at a unit's start and ends at a unit's end,
 * so "." forces sentence periods but not the "." inside "3.5"; multi-unit strings ("The answer is")
 * force every unit they cover. Whitespace force strings ("\n") are structural: lines are always kept.
 * Forced punctuation still goes when its sentence keeps no word (structure.ts), except in perChunk mode.
 */
import type { Segmentation } from './words';

export const DEFAULT_FORCE_TOKENS: readonly string[] = Object.freeze(['\n', '?', '.', '!']);

export interface Forced {
  forced: Uint8Array;
  /** For a unit matched alone by a force string: that string (for dropConsecutive). */
  key: (string | undefined)[];
}

export function forcedUnits(seg: Segmentation, forceTokens: readonly string[], forceDigits: boolean): Forced {
  const { text, units } = seg;
  const forced = new Uint8Array(units.length);
  const key: (string | undefined)[] = new Array(units.length).fill(undefined);
  const byStart = new Map<number, number>();
  units.forEach((u, i) => byStart.set(u.start, i));
  for (const f of forceTokens) {
    if (typeof f !== 'string' || f.trim() === '') continue;
    const needle = f.trim();
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const first = byStart.get(at);
      if (first === undefined) continue;
      const end = at + needle.length;
      let last = first;
      while (last < units.length && units[last].end < end) last++;
      if (last >= units.length || units[last].end !== end) continue;
      for (let i = first; i <= last; i++) forced[i] = 1;
      if (first === last) key[first] = needle;
    }
  }
  if (forceDigits) {
    units.forEach((u, i) => {
      if (u.kind !== 'marker' && /\p{N}/u.test(text.slice(u.start, u.end))) forced[i] = 1;
    });
  }
  return { forced, key };
}

/**
 * drop_consecutive as published: a force token equal to the previous force token, with nothing
 * kept in between, is dropped. We also drop a single-character force token with nothing kept before
 * it on its line (the orphan "." of a sentence that was dropped whole at the start of a line).
 */
export function dropConsecutive(seg: Segmentation, keep: Uint8Array, key: (string | undefined)[]): void {
  let prev: string | undefined;
  let between = false;
  let line = -1;
  let keptOnLine = false;
  for (let i = 0; i < seg.units.length; i++) {
    const u = seg.units[i];
    if (u.line !== line) {
      line = u.line;
      keptOnLine = false;
    }
    const k = key[i];
    if (k !== undefined) {
      if (!keep[i]) continue;
      if (!keptOnLine && k.length === 1) keep[i] = 0;
      else if (between) between = false;
      else if (k === prev) keep[i] = 0;
      prev = k;
      if (keep[i]) keptOnLine = true;
    } else if (keep[i] && u.kind !== 'marker') between = keptOnLine = true;
  }
}
