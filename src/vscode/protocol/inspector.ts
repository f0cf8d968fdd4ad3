/**
 * Messages between the savings inspector webview view (webview/inspector) and the extension host. Part of the
 * extension's UI, not the engine: no vscode import (the webview bundles it).
 */

export type CompressionSource = 'selection' | 'files' | 'chat' | 'tool';
export const COMPRESSION_SOURCES: readonly CompressionSource[] = ['selection', 'files', 'chat', 'tool'];

export interface Totals {
  compressions: number;
  tokensIn: number;
  tokensOut: number;
  tokensSaved: number;
  /** USD, at the price set when each compression happened. */
  moneySaved: number;
}

export interface AggregateTotals extends Totals {
  bySource: Record<string, Totals>;
  byMode: Record<string, Totals>;
  /** Tokens saved per UTC day ('YYYY-MM-DD'). */
  daily: Record<string, number>;
  /** Epoch ms of the first compression counted. */
  since?: number;
}

/** One history row as the inspector shows it (no texts). */
export interface HistorySummary {
  id: string;
  /** Epoch ms. */
  time: number;
  source: CompressionSource;
  mode: string;
  language?: string;
  title: string;
  originalTokens: number;
  compressedTokens: number;
  moneySaved: number;
  ms: number;
  /** A short excerpt of the original, for search and display. */
  preview: string;
  /** What the user did with the result (the entry then shows that result): Replace, Copy or Open as Document. */
  used?: UsedAction;
}

export type UsedAction = 'replaced' | 'copied' | 'opened';

export interface InspectorSnapshot {
  session: AggregateTotals;
  allTime: AggregateTotals;
  history: HistorySummary[];
  historySize: number;
}

export interface InspectorHostMethods {
  ready: [Record<string, never>, InspectorSnapshot];
  open: [{ id: string }, { ok: boolean; message?: string }];
  exportCsv: [Record<string, never>, { ok: boolean; path?: string }];
  clear: [Record<string, never>, { ok: boolean }];
}

export interface InspectorWebviewEvents {
  update: InspectorSnapshot;
}

/** Case-insensitive search over title, source, mode, language, use and preview; every word must match. */
export function matchesQuery(e: HistorySummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [e.title, e.source, e.mode, e.language ?? '', e.used ?? '', e.preview].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}
