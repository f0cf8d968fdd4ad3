/** CSV export of the history (RFC 4180 quoting; cells that a spreadsheet would run as formulas are defused). No vscode import. */
import { percentSaved, tokensSaved } from '../../core/savings';
import type { HistoryEntry } from './store';

export const CSV_COLUMNS = [
  'time',
  'source',
  'mode',
  'language',
  'title',
  'original_tokens',
  'compressed_tokens',
  'tokens_saved',
  'percent_saved',
  'money_saved_usd',
  'ms',
  'rate',
  'preset',
  'tokenizer',
  'used',
] as const;

/** Quotes a cell when it holds a quote, comma or line break; prefixes formula-like text with an apostrophe. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(entries: readonly HistoryEntry[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    rows.push(
      [
        new Date(e.time).toISOString(),
        e.source,
        e.mode,
        e.language ?? '',
        e.title,
        e.originalTokens,
        e.compressedTokens,
        tokensSaved(e.originalTokens, e.compressedTokens),
        // Numbers for spreadsheets, not display text: one decimal of percent, USD to the micro-dollar.
        percentSaved(e.originalTokens, e.compressedTokens).toFixed(1),
        e.moneySaved.toFixed(6),
        e.ms,
        e.controls?.rate,
        e.controls?.preset,
        e.tokenizer,
        // replaced / copied / opened: what the user did with this result (empty: only shown)
        e.used,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}
