/** What the front ends say about a bundle of sources: skipped notes, the result text, the history entry. */
import type { FileInput, FilesResult } from '../files';
import { renderFileBlock } from '../format';
import { savingsSummary } from '../savings';
import type { CompressionResult, TokenizerName } from '../types';

/** A source that could not be used, with the reason shown to the user: "big.log (larger than 2 MB)". */
export interface Skipped {
  label: string;
  reason: string;
}

/** "big.log (larger than 2 MB)" */
export function skippedItem(s: Skipped): string {
  return `${s.label} (${s.reason})`;
}

/** "Skipped 2: logo.png (binary), dump.sql (larger than 2 MB)." or '' */
export function skippedNote(skipped: readonly Skipped[], max = 5): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, max).map(skippedItem);
  return `Skipped ${skipped.length}: ${shown.join(', ')}${skipped.length > max ? ', …' : ''}.`;
}

/**
 * The text a model gets (the #tersify tool, MCP compress_files): every file under a `## path` header, a line for
 * what was skipped or refused, then one savings line: "2 files: 1,234 → 567 tokens (−54%)".
 */
export function sourcesResultText(o: { text: string; files: number; before: number; after: number; skipped: readonly Skipped[] }): string {
  const note = skippedNote(o.skipped, 20);
  if (o.files === 0) return `Nothing was compressed. ${note || 'No readable file was given.'}`.trim();
  const summary = savingsSummary(`${o.files} file${o.files === 1 ? '' : 's'}`, o.before, o.after);
  return [o.text.replace(/\s+$/, ''), '', ...(note ? [note] : []), summary].join('\n');
}

/** The sources as they would be sent uncompressed: the same `## path` blocks the compressed text uses. */
export function originalBundle(sources: readonly FileInput[]): string {
  return sources.map((s) => renderFileBlock(s.path, s.text)).join('\n');
}

/** Files that compressed, and the ones the engine refused (with its reason). */
export function outcomes(result: FilesResult): { done: number; failed: Skipped[] } {
  const failed = result.files.filter((f) => !f.result).map((f) => ({ label: f.path, reason: f.error ?? 'failed' }));
  return { done: result.files.length - failed.length, failed };
}

/** One history entry for a whole bundle (the inspector counts it once, with the bundle's totals). */
export function bundleResult(result: FilesResult, tokenizer: TokenizerName): CompressionResult {
  const ok = result.files.flatMap((f) => (f.result ? [f.result] : []));
  const modes = new Set(ok.map((r) => r.mode));
  const mode: CompressionResult['mode'] = modes.size === 1 ? [...modes][0] : modes.size === 0 ? 'empty' : 'mixed';
  return {
    compressed: result.text,
    originalTokens: result.originalTokens,
    compressedTokens: result.compressedTokens,
    ratio: result.originalTokens ? result.compressedTokens / result.originalTokens : 1,
    budget: ok.reduce((a, r) => a + r.budget, 0),
    tokenizer: ok[0]?.tokenizer ?? tokenizer,
    mode,
    language: ok.length === 1 ? ok[0].language : undefined,
    segments: [],
    spans: [],
    notes: [...new Set(ok.flatMap((r) => r.notes))],
    ms: ok.reduce((a, r) => a + r.ms, 0),
    provider: ok.find((r) => r.provider)?.provider,
  };
}

/** "src/a.ts" or "3 files" (titles in the history). */
export function bundleTitle(paths: readonly string[]): string {
  return paths.length === 1 ? paths[0] : `${paths.length} files`;
}
