/**
 * Which units to keep.
 * - Global (default): removable units ordered by priority across the whole input; `fitToBudget`
 *   finds how many to remove so that the rendered output fits the budget exactly.
 * - perChunk: LLMLingua-2's published rule, per model chunk: repeat each word's probability once per
 *   target-LLM token, threshold = percentile int(100·(1−rate)+1), keep p > threshold.
 */
import { fitToBudget } from '../budget/fit';
import type { TokenCounter } from '../budget/tokenizers';
import { dropConsecutive, type Forced } from './force';
import { phrasePriority } from './policy';
import { render, resolveMarkers } from './render';
import { dropDebris, structureOf } from './structure';
import type { Segmentation } from './words';

export interface SelectInput {
  seg: Segmentation;
  /** Keep probability per unit (forced units: 1). */
  unitP: Float64Array;
  /** Removal priority per unit (lower = removed first); defaults to unitP. */
  priority?: Float64Array;
  forced: Forced;
  count: TokenCounter;
  budget: number;
  dropConsecutive: boolean;
  signal?: AbortSignal;
  /** perChunk mode: chunk index of every unit. */
  unitChunk?: Int32Array;
  /**
   * Phrase id per unit (see phrases.ts): the removable units of one phrase are removed together,
   * ordered by phrasePriority over its removable members.
   */
  group?: Int32Array;
  /** Units dropped whole by the coarse stage (coarse.ts): never kept. */
  dropped?: Uint8Array;
}

export interface Selection {
  text: string;
  kept: Uint8Array;
  tokens: number;
  notes: string[];
}

function costCache(seg: Segmentation, count: TokenCounter): (i: number) => number {
  const cache = new Map<string, number>();
  return (i) => {
    const u = seg.units[i];
    const t = seg.text.slice(u.start, u.end);
    let c = cache.get(t);
    if (c === undefined) {
      c = Math.max(1, count(t));
      cache.set(t, c);
    }
    return c;
  };
}

function finalize(inp: SelectInput, keep: Uint8Array): { text: string; kept: Uint8Array } {
  if (inp.dropConsecutive) dropConsecutive(inp.seg, keep, inp.forced.key);
  dropDebris(inp.seg, keep);
  return render(inp.seg, keep);
}

export function selectGlobal(inp: SelectInput): Selection {
  const { seg, forced } = inp;
  const n = seg.units.length;
  const prio = inp.priority ?? inp.unitP;
  const { label } = structureOf(seg);
  // Removable items: phrases (or single units), each a list of unit indices.
  const items: number[][] = [];
  const itemOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (forced.forced[i] || seg.units[i].kind === 'marker' || label[i] || inp.dropped?.[i]) continue;
    const g = inp.group ? inp.group[i] : -1;
    if (g >= 0) {
      const at = itemOf.get(g);
      if (at !== undefined) {
        items[at].push(i);
        continue;
      }
      itemOf.set(g, items.length);
    }
    items.push([i]);
  }
  const itemPrio = items.map((us) => phrasePriority(prio, us));
  const order = items.map((_, j) => j);
  order.sort((a, b) => itemPrio[a] - itemPrio[b] || items[b][0] - items[a][0]);
  const removable = order.map((j) => items[j]);
  const rank = new Int32Array(n).fill(-1);
  removable.forEach((us, r) => us.forEach((u) => (rank[u] = r)));
  const unitCost = costCache(seg, inp.count);
  const cost = (r: number) => removable[r].reduce((s, u) => s + unitCost(u), 0);
  const keepFor = (k: number) => {
    const keep = new Uint8Array(n);
    for (let i = 0; i < n; i++) keep[i] = inp.dropped?.[i] ? 0 : rank[i] < 0 || rank[i] >= k ? 1 : 0;
    return keep;
  };
  const fit = fitToBudget({
    costs: removable.map((_, r) => cost(r)),
    render: (k) => finalize(inp, keepFor(k)).text,
    count: inp.count,
    budget: inp.budget,
    signal: inp.signal,
  });
  // Granularity can leave the fit short of the budget (one removal can save several tokens):
  // add back the most valuable removed units that still fit.
  let keep = keepFor(fit.k);
  let tokens = fit.tokens;
  let best = finalize(inp, Uint8Array.from(keep)); // its text is fit.text
  if (fit.met && tokens < inp.budget * 0.985) {
    let probes = seg.text.length > 200_000 ? 4 : 32;
    for (let r = fit.k - 1; r >= 0 && probes > 0 && tokens < inp.budget * 0.985; r--) {
      if (cost(r) > inp.budget - tokens + 1) continue;
      probes--;
      const trial = Uint8Array.from(keep);
      for (const u of removable[r]) trial[u] = 1;
      const result = finalize(inp, Uint8Array.from(trial));
      const c = inp.count(result.text);
      if (c <= inp.budget && c > tokens) {
        keep = trial;
        tokens = c;
        best = result;
      }
    }
  }
  const notes: string[] = [];
  if (!fit.met) {
    notes.push(`forced content alone (${fit.tokens} tokens: force tokens, digits, question terms) exceeds the budget of ${inp.budget} tokens`);
  }
  return { text: best.text, kept: best.kept, tokens, notes };
}

/** numpy.percentile with linear interpolation. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const v = Array.from(values).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const pos = ((v.length - 1) * Math.min(100, Math.max(0, q))) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export function selectPerChunk(inp: SelectInput, rate: number): Selection {
  const { seg, forced } = inp;
  const n = seg.units.length;
  const unitChunk = inp.unitChunk ?? new Int32Array(n);
  const cost = costCache(seg, inp.count);
  const reduce = Math.max(0, 1 - rate);
  const keep = new Uint8Array(n);
  const byChunk = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (seg.units[i].kind === 'marker') continue;
    const list = byChunk.get(unitChunk[i]) ?? [];
    list.push(i);
    byChunk.set(unitChunk[i], list);
  }
  for (const list of byChunk.values()) {
    const p = list.map((i) => (forced.forced[i] ? 1 : inp.unitP[i]));
    if (inp.dropConsecutive) {
      const t0 = percentile(p, Math.floor(100 * reduce));
      let between = false;
      let prev: string | undefined;
      list.forEach((i, j) => {
        const k = forced.key[i];
        if (k !== undefined) {
          if (between) between = false;
          else if (k === prev) p[j] = 0;
          prev = k;
        } else between ||= p[j] > t0;
      });
    }
    const repeated: number[] = [];
    list.forEach((i, j) => {
      for (let c = cost(i); c > 0; c--) repeated.push(p[j]);
    });
    const threshold = percentile(repeated, Math.floor(100 * reduce + 1));
    let lastKept: string | undefined;
    list.forEach((i, j) => {
      if (p[j] > threshold || (threshold === 1 && p[j] === 1)) {
        const word = seg.text.slice(seg.units[i].start, seg.units[i].end);
        if (inp.dropConsecutive && forced.key[i] !== undefined && lastKept === word) return;
        keep[i] = 1;
        lastKept = word;
      }
    });
  }
  resolveMarkers(seg, keep);
  const done = render(seg, keep);
  const tokens = inp.count(done.text);
  const notes = [`perChunk: LLMLingua-2's per-chunk threshold (${tokens} tokens for a budget of ${inp.budget})`];
  return { text: done.text, kept: done.kept, tokens, notes };
}
