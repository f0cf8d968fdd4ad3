/**
 * The savings history: the last N compressions (with enough to reopen them) plus aggregate totals kept forever.
 * Persisted as one JSON file, written atomically (temp file + rename), writes serialized.
 * No vscode import: tested with real files.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  matchesQuery,
  type UsedAction,
  type AggregateTotals,
  type CompressionSource,
  type HistorySummary,
  type InspectorSnapshot,
  type Totals,
} from '../protocol/inspector';
import type { PanelControls } from '../protocol/panel';
import { moneySaved, tokensSaved } from '../../core/savings';
import type { TokenizerName } from '../../core/types';

export const HISTORY_FILE = 'history.json';
/** Originals longer than this are stored cut (the entry can be shown, not recomputed exactly). */
export const MAX_STORED_CHARS = 100_000;
const PREVIEW_CHARS = 160;
/** Daily buckets kept in the all-time totals (about ten years). */
const MAX_DAYS = 3660;

export interface HistoryEntry extends HistorySummary {
  tokenizer: TokenizerName;
  controls: PanelControls;
  pricePerMillionTokens: number;
  language?: string;
  filename?: string;
  /** The original text, cut to MAX_STORED_CHARS. */
  original: string;
  /** The compressed text, cut to MAX_STORED_CHARS. */
  compressed: string;
  truncated: boolean;
}

export interface NewEntry {
  source: CompressionSource;
  mode: string;
  language?: string;
  filename?: string;
  title: string;
  original: string;
  compressed: string;
  originalTokens: number;
  compressedTokens: number;
  ms: number;
  tokenizer: TokenizerName;
  controls: PanelControls;
  pricePerMillionTokens: number;
  /** What the user did with this result, when known. */
  used?: UsedAction;
}

interface HistoryFileV1 {
  version: 1;
  totals: AggregateTotals;
  entries: HistoryEntry[];
}

export function emptyTotals(): Totals {
  return { compressions: 0, tokensIn: 0, tokensOut: 0, tokensSaved: 0, moneySaved: 0 };
}

export function emptyAggregate(): AggregateTotals {
  return { ...emptyTotals(), bySource: {}, byMode: {}, daily: {} };
}

/** Adds (sign 1) or takes back (sign -1) one compression. */
function addTo(t: Totals, tokensIn: number, tokensOut: number, money: number, sign = 1): void {
  t.compressions += sign;
  t.tokensIn += sign * tokensIn;
  t.tokensOut += sign * tokensOut;
  t.tokensSaved += sign * tokensSaved(tokensIn, tokensOut);
  t.moneySaved += sign * money;
}

export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function count(agg: AggregateTotals, e: HistoryEntry, sign = 1): void {
  addTo(agg, e.originalTokens, e.compressedTokens, e.moneySaved, sign);
  addTo((agg.bySource[e.source] ??= emptyTotals()), e.originalTokens, e.compressedTokens, e.moneySaved, sign);
  addTo((agg.byMode[e.mode] ??= emptyTotals()), e.originalTokens, e.compressedTokens, e.moneySaved, sign);
  const day = utcDay(e.time);
  agg.daily[day] = (agg.daily[day] ?? 0) + sign * tokensSaved(e.originalTokens, e.compressedTokens);
  if (sign < 0) {
    // a bucket left empty by a revision (the mode changed) is not a row of its own
    for (const [by, key] of [
      [agg.bySource, e.source],
      [agg.byMode, e.mode],
    ] as const)
      if (by[key]?.compressions === 0) delete by[key];
    return;
  }
  const days = Object.keys(agg.daily);
  if (days.length > MAX_DAYS) for (const d of days.sort().slice(0, days.length - MAX_DAYS)) delete agg.daily[d];
  agg.since ??= e.time;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function validEntry(e: unknown): e is HistoryEntry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return (
    typeof x.id === 'string' &&
    isNum(x.time) &&
    typeof x.source === 'string' &&
    typeof x.title === 'string' &&
    isNum(x.originalTokens) &&
    isNum(x.compressedTokens) &&
    typeof x.original === 'string' &&
    typeof x.compressed === 'string'
  );
}

export function summarize(e: HistoryEntry): HistorySummary {
  const { id, time, source, mode, language, title, originalTokens, compressedTokens, moneySaved, ms, preview, used } = e;
  return { id, time, source, mode, language, title, originalTokens, compressedTokens, moneySaved, ms, preview, used };
}

export interface HistoryStoreOptions {
  maxEntries: number;
  now?: () => number;
}

export class HistoryStore {
  private entries: HistoryEntry[] = []; // newest first
  private allTime = emptyAggregate();
  private session = emptyAggregate();
  /** The entries added in this session, as counted (revise() can only change these; kept even when trimmed). */
  private readonly counted = new Map<string, HistoryEntry>();
  private writes: Promise<void> = Promise.resolve();
  private maxEntries: number;
  private readonly now: () => number;
  /** Set when the file on disk could not be read (it is then left alone until the next write). */
  loadProblem: string | undefined;

  constructor(
    private readonly dir: string,
    options: HistoryStoreOptions,
  ) {
    this.maxEntries = Math.max(0, Math.floor(options.maxEntries));
    this.now = options.now ?? Date.now;
  }

  get file(): string {
    return join(this.dir, HISTORY_FILE);
  }

  /** Reads the file; a missing file is an empty history, a corrupt one is reported and kept aside. */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.loadProblem = (error as Error).message;
      return;
    }
    try {
      const data = JSON.parse(text) as Partial<HistoryFileV1>;
      if (data.version !== 1 || !Array.isArray(data.entries)) throw new Error('unknown history format');
      this.entries = data.entries.filter(validEntry).sort((a, b) => b.time - a.time);
      this.allTime = { ...emptyAggregate(), ...(data.totals ?? {}) };
      this.trim();
    } catch (error) {
      this.loadProblem = `history file is unreadable (${(error as Error).message}); it was moved aside`;
      await rename(this.file, `${this.file}.corrupt-${this.now()}`).catch(() => undefined);
    }
  }

  async add(input: NewEntry): Promise<HistoryEntry> {
    const entry = this.makeEntry(randomUUID(), this.now(), input);
    count(this.allTime, entry);
    count(this.session, entry);
    this.counted.set(entry.id, entry);
    this.entries.unshift(entry);
    this.trim();
    await this.save();
    return entry;
  }

  /**
   * Replaces entry `id` (added in this session) with a newer result of the same compression: a recompute, or the
   * result the user replaced, copied or opened. The totals then count the new figures, once. Undefined when the
   * entry is not one of this session's.
   */
  async revise(id: string, input: NewEntry): Promise<HistoryEntry | undefined> {
    const old = this.counted.get(id);
    if (!old) return undefined;
    const entry = this.makeEntry(id, old.time, input);
    entry.used ??= old.used;
    for (const agg of [this.allTime, this.session]) {
      count(agg, old, -1);
      count(agg, entry);
    }
    this.counted.set(id, entry);
    const at = this.entries.findIndex((e) => e.id === id);
    if (at >= 0) this.entries[at] = entry;
    await this.save();
    return entry;
  }

  private makeEntry(id: string, time: number, input: NewEntry): HistoryEntry {
    const truncated = input.original.length > MAX_STORED_CHARS || input.compressed.length > MAX_STORED_CHARS;
    return {
      id,
      time,
      source: input.source,
      mode: input.mode,
      language: input.language,
      filename: input.filename,
      title: input.title,
      originalTokens: input.originalTokens,
      compressedTokens: input.compressedTokens,
      moneySaved: moneySaved(tokensSaved(input.originalTokens, input.compressedTokens), input.pricePerMillionTokens),
      ms: Math.round(input.ms),
      preview: input.original.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS),
      tokenizer: input.tokenizer,
      controls: { ...input.controls },
      pricePerMillionTokens: input.pricePerMillionTokens,
      original: input.original.slice(0, MAX_STORED_CHARS),
      compressed: input.compressed.slice(0, MAX_STORED_CHARS),
      truncated,
      ...(input.used ? { used: input.used } : {}),
    };
  }

  get(id: string): HistoryEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Newest first, optionally filtered. */
  list(query = ''): HistoryEntry[] {
    return this.entries.filter((e) => matchesQuery(e, query));
  }

  get sessionTotals(): AggregateTotals {
    return structuredClone(this.session);
  }

  get allTimeTotals(): AggregateTotals {
    return structuredClone(this.allTime);
  }

  snapshot(): InspectorSnapshot {
    return {
      session: this.sessionTotals,
      allTime: this.allTimeTotals,
      history: this.entries.map(summarize),
      historySize: this.maxEntries,
    };
  }

  async setMaxEntries(n: number): Promise<void> {
    this.maxEntries = Math.max(0, Math.floor(n));
    if (this.trim()) await this.save();
  }

  /** Clears the entries; with `totals`, also the session and all-time totals. */
  async clear(options: { totals: boolean }): Promise<void> {
    this.entries = [];
    if (options.totals) {
      this.allTime = emptyAggregate();
      this.session = emptyAggregate();
      this.counted.clear();
    }
    await this.save();
  }

  /** Resolves when every write queued so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  private trim(): boolean {
    if (this.entries.length <= this.maxEntries) return false;
    this.entries.length = this.maxEntries;
    return true;
  }

  private save(): Promise<void> {
    const data: HistoryFileV1 = { version: 1, totals: this.allTime, entries: this.entries };
    const text = JSON.stringify(data);
    const write = async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await writeFile(tmp, text, 'utf8');
        await rename(tmp, this.file);
      } catch (error) {
        await unlink(tmp).catch(() => undefined);
        throw error;
      }
    };
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
