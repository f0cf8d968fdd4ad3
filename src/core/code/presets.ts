/**
 * Removal presets: the order in which token classes are removed (first = removed first).
 * Documented in README.md (this folder); keep the two in sync.
 */
import type { PresetName } from '../types';
import { C, CLASSES, N_CLASSES, type RemovalClass } from './classes';

export interface PresetSpec {
  /** Classes in removal order; an inner array is one step (classes removed together, ranked by frequency). */
  order: readonly (RemovalClass | readonly RemovalClass[])[];
  /**
   * The first `lowValue` steps are the preset's low-value classes. When the budget is below what
   * removing all of them would reach, the coarse step elides function bodies first (README).
   */
  lowValue: number;
  /**
   * `statement`: whole syntactic units are removed (every kept line is an input line; elide.ts), ranked
   * by the types they contain in this order. `token`: the paper's token-level pruning (order.ts, fit.ts).
   */
  granularity: 'statement' | 'token';
  source: string;
}

export const PRESET_ORDERS: Readonly<Record<PresetName, PresetSpec>> = {
  context: {
    order: [
      'Comment',
      'Docstring',
      'Punctuation',
      'Import',
      'Other',
      'Literal',
      'TypeAnnotation',
      'Symbol',
      'Identifier',
      'Structure',
      'Invocation',
      'Signature',
    ],
    lowValue: 5,
    granularity: 'statement',
    source: 'Tersify default for retrieved context shown to an assistant',
  },
  repair: {
    order: [
      'Comment',
      'Docstring',
      'Import',
      'Identifier',
      'Invocation',
      'Structure',
      ['Symbol', 'Punctuation'],
      'Signature',
      'TypeAnnotation',
      'Other',
      'Literal',
    ],
    lowValue: 3,
    granularity: 'token',
    source: 'CodePromptZip, Bugs2Fix: Identifier > Invocation > Structure > Symbol > Signature',
  },
  assertion: {
    order: [
      'Comment',
      'Docstring',
      'Import',
      'Invocation',
      ['Symbol', 'Punctuation'],
      'Identifier',
      'Structure',
      'Signature',
      'TypeAnnotation',
      'Other',
      'Literal',
    ],
    lowValue: 3,
    granularity: 'token',
    source: 'CodePromptZip, assertion generation: Invocation > Symbol > Identifier > Structure > Signature',
  },
  suggestion: {
    order: [
      'Comment',
      'Docstring',
      'Import',
      'Signature',
      ['Symbol', 'Punctuation'],
      'Invocation',
      'Identifier',
      'Structure',
      'TypeAnnotation',
      'Other',
      'Literal',
    ],
    lowValue: 3,
    granularity: 'statement',
    source: 'CodePromptZip, code suggestion (Signature and Symbol first; the rest is ours)',
  },
};

/** rank[class] = removal step of the class under a preset (lower = removed earlier). */
export function presetRanks(name: PresetName): Int8Array {
  const spec = PRESET_ORDERS[name] ?? PRESET_ORDERS.context;
  const rank = new Int8Array(N_CLASSES).fill(-1);
  spec.order.forEach((step, i) => {
    for (const cls of typeof step === 'string' ? [step] : step) rank[C[cls]] = i;
  });
  for (let i = 0; i < N_CLASSES; i++) {
    if (rank[i] < 0) throw new Error(`preset ${name} does not rank ${CLASSES[i]}`);
  }
  return rank;
}

/**
 * The class a token is removed with: of all its types, the one the preset removes LAST
 * (a token of several types takes its lowest removal priority).
 */
export function effectiveClass(mask: number, rank: Int8Array): number {
  let best = -1;
  let bestRank = -1;
  for (let i = 0; i < N_CLASSES; i++) {
    if (mask & (1 << i) && rank[i] > bestRank) {
      best = i;
      bestRank = rank[i];
    }
  }
  return best < 0 ? C.Other : best;
}

const effectiveTables = new Map<PresetName, Uint8Array>();

const UNSET = 255;
const effectiveRanks = new Map<PresetName, Int8Array>();

/** `table[mask]` of presetEffectiveTable, computed (and stored) when unset. */
export function effectiveOf(table: Uint8Array, name: PresetName, mask: number): number {
  const e = table[mask];
  return e !== UNSET ? e : (table[mask] = effectiveClass(mask, effectiveRanks.get(name)!));
}

/** effectiveClass for every type mask (16 bits) under a preset, cached: table[mask] = class (UNSET until effectiveOf fills it). */
export function presetEffectiveTable(name: PresetName): Uint8Array {
  let table = effectiveTables.get(name);
  if (!table) {
    const rank = presetRanks(name);
    // Filled on first use of each mask (all 65,536 up front took ~0.3 s of every process start).
    table = new Uint8Array(1 << 16).fill(UNSET);
    effectiveTables.set(name, table);
    effectiveRanks.set(name, rank);
  }
  return table;
}

/**
 * How a code result was compressed: the preset's granularity, or `token` when a statement-level preset
 * fell back to token-level pruning (the engine says so in a note). For the compression view's legend.
 */
export function resultGranularity(preset: PresetName | undefined, notes: readonly string[]): 'statement' | 'token' {
  const spec = (preset && PRESET_ORDERS[preset]) || PRESET_ORDERS.context;
  return spec.granularity === 'statement' && !notes.some((n) => n.endsWith('token-level pruning')) ? 'statement' : 'token';
}
