/**
 * Context sources for Compress Files to Clipboard, the @tersify chat participant and the language-model tool:
 * which bytes become a source (and why others are skipped), ranges of a document, labels, and the history
 * entry of a packed bundle. No vscode import: the rules are tested directly against the engine.
 */
import type { FileInput, FilesResult } from '../../core/files';
import { renderFileBlock } from '../../core/format';
import { looksBinary } from '../../core/input';
import type { CompressionResult, TokenizerName } from '../../core/types';

/** Largest file read for compression (bytes). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A source that could not be used, with the reason shown to the user: "big.log (larger than 2 MB)". */
export interface Skipped {
  label: string;
  reason: string;
}

export type Decoded = { text: string } | { skip: string };

/** Why a file of `size` bytes is not read at all (folders are checked by the caller). */
export function sizeProblem(size: number, max = MAX_FILE_BYTES): string | undefined {
  return size > max ? `larger than ${+(max / 1048576).toFixed(1)} MB` : undefined;
}

/** File bytes → text (UTF-8, BOM dropped), or why the file is skipped (binary, too large, empty). */
export function decodeSource(bytes: Uint8Array, max = MAX_FILE_BYTES): Decoded {
  const big = sizeProblem(bytes.byteLength, max);
  if (big) return { skip: big };
  if (looksBinary(bytes)) return { skip: 'binary' };
  return checkText(new TextDecoder('utf-8').decode(bytes), max);
}

/** Text from an editor (a selection, an unsaved document) under the same rules as file bytes. */
export function checkText(text: string, max = MAX_FILE_BYTES): Decoded {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > max) return { skip: `larger than ${+(max / 1048576).toFixed(1)} MB` };
  if (looksBinary(text)) return { skip: 'binary' };
  if (text.trim().length === 0) return { skip: 'empty' };
  return { text };
}

/** Zero-based positions, as in vscode.Range. */
export interface LineRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Offset of a zero-based line/character in `text` (clamped), counting \n and \r\n line ends. */
function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd > offset && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return Math.min(offset + Math.max(0, character), end);
}

/** The text of `range` in `text` (what a vscode.Location points at). */
export function sliceRange(text: string, range: LineRange): string {
  const a = offsetOf(text, range.start.line, range.start.character);
  const b = offsetOf(text, range.end.line, range.end.character);
  return text.slice(Math.min(a, b), Math.max(a, b));
}

/**
 * "src/a.ts" for a whole file, "lines 10-24 of src/a.ts" for part of it (1-based, as editors show them).
 * The label is the `## header` and the filename the engine picks the language from, so it ends with the path.
 */
export function sourceLabel(path: string, range?: LineRange): string {
  if (!range) return path;
  const first = range.start.line + 1;
  // A selection ending at column 0 of a line does not include that line.
  const last = Math.max(first, range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1);
  return first === last ? `line ${first} of ${path}` : `lines ${first}-${last} of ${path}`;
}

/** Drops sources whose label was already taken (the same #file attached twice). */
export function uniqueSources<T extends { path: string }>(sources: readonly T[]): T[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.path) && (seen.add(s.path), true));
}

/** "Skipped 2: logo.png (binary), dump.sql (larger than 2 MB)." or '' */
export function skippedNote(skipped: readonly Skipped[], max = 5): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, max).map((s) => `${s.label} (${s.reason})`);
  return `Skipped ${skipped.length}: ${shown.join(', ')}${skipped.length > max ? ', …' : ''}.`;
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
