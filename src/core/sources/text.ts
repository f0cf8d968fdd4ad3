/** Bytes or editor text → the text of a source, or why it is skipped; ranges and labels of sources. */
import { TersifyError } from '../errors';
import { decodeBytes, looksBinary } from '../input';

/** The one size limit of a source (bytes of a file, characters of editor text): 2 MB. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export type Decoded = { text: string } | { skip: string };

/** "larger than 2 MB" when `size` is over `max`. */
export function sizeProblem(size: number, max = MAX_SOURCE_BYTES): string | undefined {
  return size > max ? `larger than ${+(max / 1048576).toFixed(1)} MB` : undefined;
}

/** File bytes → text (input.ts decodeBytes: UTF-8 or UTF-16 with a BOM), or why the file is skipped (binary, too large, empty). */
export function decodeSource(bytes: Uint8Array, max = MAX_SOURCE_BYTES): Decoded {
  const big = sizeProblem(bytes.byteLength, max);
  if (big) return { skip: big };
  try {
    return checkText(decodeBytes(bytes).text, max);
  } catch (e) {
    if (e instanceof TersifyError && e.code === 'binary') return { skip: 'binary' };
    throw e;
  }
}

/** Text from an editor (a selection, an unsaved document) under the same rules as file bytes. */
export function checkText(text: string, max = MAX_SOURCE_BYTES): Decoded {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const big = sizeProblem(text.length, max);
  if (big) return { skip: big };
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

/** Drops sources whose label was already taken (the same file asked for twice). */
export function uniqueSources<T extends { path: string }>(sources: readonly T[]): T[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    if (seen.has(s.path)) return false;
    seen.add(s.path);
    return true;
  });
}
