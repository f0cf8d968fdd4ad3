/**
 * Structure that survives only with content (global selection; perChunk keeps the published rule):
 * - a **block** is what a reader sees as one piece: a line (a conversation turn, a list item, a table
 *   row, a paragraph line); a **sentence** is a part of a block ending at . ! ? (sentenceOfUnits).
 * - punctuation and symbols (force tokens included) survive only when their sentence keeps a content
 *   unit (one with a letter or digit);
 * - Markdown markers and speaker labels (`Name:` at a block start, QMSum style) survive only when their
 *   block keeps a content unit, and labels then survive whole.
 * - tables (words.ts): a kept row keeps all its pipes; the header row (whole) and the delimiter row stay whenever
 *   any row of the table keeps content;
 * - links: `[`, `](`, `)` survive only when the link text keeps content and the target is kept; otherwise the
 *   brackets go and what is kept of the text or the target stays plain;
 * - HTML tags and comments carry no content of their own: they go with a sentence that keeps none.
 * So no output line consists only of punctuation, labels or markup ("debris"); fence lines of a kept
 * fenced block and a kept table's delimiter row are structure, not debris.
 */
import { sentenceOfUnits, type Segmentation } from './words';

const CONTENT = /[\p{L}\p{N}]/u;
/** A speaker label at a line start: up to four words (the first capitalised), then ":" and a space or tab. */
const LABEL_RE = /[ \t]*\p{Lu}[\p{L}\p{N}'’._-]*(?:[ \t]+[\p{L}\p{N}'’._-]+){0,3}:(?=[ \t])/uy;

export interface Structure {
  sentenceOf: Int32Array;
  /** 1 for units of a speaker label. */
  label: Uint8Array;
  /** 1 for units with a letter or digit (markers, labels and HTML tags excluded). */
  content: Uint8Array;
}

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/u;

const cache = new WeakMap<Segmentation, Structure>();

export function structureOf(seg: Segmentation): Structure {
  let s = cache.get(seg);
  if (s) return s;
  const { text, units, lines } = seg;
  const label = new Uint8Array(units.length);
  const content = new Uint8Array(units.length);
  let ui = 0;
  for (const line of lines) {
    while (ui < units.length && units[ui].start < line.start) ui++;
    let first = ui;
    while (first < units.length && units[first].start < line.end && units[first].kind === 'marker') first++;
    if (first >= units.length || units[first].start >= line.end) continue;
    LABEL_RE.lastIndex = units[first].start;
    const m = units[first].kind === 'word' ? LABEL_RE.exec(text.slice(0, line.end)) : null;
    if (!m) continue;
    // (A turn with nothing after its label, "Name: ", loses the label like any turn without content.)
    const end = units[first].start + m[0].length;
    for (let k = first; k < units.length && units[k].end <= end; k++) label[k] = 1;
  }
  units.forEach((u, i) => {
    if (u.kind !== 'marker' && u.kind !== 'html' && !label[i] && CONTENT.test(text.slice(u.start, u.end))) content[i] = 1;
  });
  s = { sentenceOf: sentenceOfUnits(seg), label, content };
  cache.set(seg, s);
  return s;
}

/** Applies the rules above to a keep mask, in place (markers and labels are decided here). */
export function dropDebris(seg: Segmentation, keep: Uint8Array): void {
  const { sentenceOf, label, content } = structureOf(seg);
  const { units } = seg;
  const n = units.length;
  const sentenceKept = new Uint8Array(n ? sentenceOf[n - 1] + 1 : 0);
  const groupKept = new Uint8Array(seg.groups);
  for (let i = 0; i < n; i++) {
    if (!keep[i] || !content[i]) continue;
    sentenceKept[sentenceOf[i]] = 1;
    groupKept[units[i].line] = 1;
    if (units[i].fenceGroup >= 0) groupKept[units[i].fenceGroup] = 1;
  }
  for (let i = 0; i < n; i++) {
    const u = units[i];
    if (u.kind === 'marker') keep[i] = u.markerGroup >= 0 ? groupKept[u.markerGroup] : 0;
    else if (label[i]) keep[i] = groupKept[u.line];
    else if (keep[i] && !content[i] && !sentenceKept[sentenceOf[i]]) keep[i] = 0;
  }
  // A table that keeps any row keeps its header row whole (its markers follow the table group above).
  if (seg.tables.length > 0) {
    const headerOf = new Map(seg.tables.map((t) => [t.header, t.group]));
    for (let i = 0; i < n; i++) {
      const g = headerOf.get(units[i].line);
      if (g !== undefined && groupKept[g]) keep[i] = 1;
    }
  }
  // Link syntax: only around a kept target and a text that keeps content.
  for (const l of seg.links) {
    let text = 0;
    for (let i = l.textFirst; i < l.textEnd && !text; i++) if (keep[i] && content[i]) text = 1;
    const on = text && keep[l.target] ? 1 : 0;
    for (const i of l.syntax) keep[i] = on;
  }
}

/** Non-blank output lines with no letter or digit, fence lines and table delimiter rows excepted. */
export function debrisLines(text: string): { lines: number; debris: string[] } {
  let lines = 0;
  const debris: string[] = [];
  for (const l of text.split(/\r\n|\r|\n/)) {
    if (l.trim() === '') continue;
    lines++;
    if (!CONTENT.test(l) && !/^[ \t]*(?:>[ \t]*)*(?:```|~~~)/u.test(l) && !(l.includes('|') && DELIMITER_ROW.test(l))) debris.push(l);
  }
  return { lines, debris };
}
