/**
 * Word segmentation of the original text, with JavaScript string offsets.
 *
 * Two levels:
 * - **words**: what the model scores and what spans report (CJK characters are separate words);
 * - **units**: what selection keeps or drops as a whole. A unit is one word, except that a run of
 *   letters containing CJK characters is one unit (the faithfulness contract treats a letter run as
 *   one lexical token, so it cannot be cut), and that URLs, inline code spans, numbers such as
 *   `3.5`/`1,000`/`10:30` and contractions such as `don't` are single words and units.
 * Markdown markers at line start (list bullets, ordered-list numbers, task boxes, heading hashes, block quotes,
 * code fences, setext underlines, front matter fences, reference definitions) are `marker` units: they survive
 * exactly when their line (or block) keeps content. Markdown structure inside lines:
 * - facts (facts.ts: URLs, paths, identifiers, numbers with sign and unit, …) are single units;
 * - inline code spans (any number of backticks) are single units;
 * - table rows: pipes are markers (a kept row keeps all of them); the delimiter row is one marker; the header row
 *   and the delimiter row follow the table (tables);
 * - links and images: `[`/`![`, `](`, `)` are markers of the link, the target one unit (links);
 * - HTML tags and one-line comments are single `html` units (no content of their own).
 */

import { WORD_CHAR, WORD_CHARS } from '../faithfulness';
import { matchFact } from './facts';
import { ABBREVIATIONS } from './lexicon';

export type UnitKind = 'word' | 'punct' | 'symbol' | 'url' | 'code' | 'number' | 'marker' | 'html';

export interface Word {
  text: string;
  start: number;
  end: number;
  /** Index of the unit that holds this word. */
  unit: number;
  /** Whether whitespace (or the start of the text) precedes the word: Metaspace tokenizers need it. */
  spaceBefore: boolean;
}

export interface Unit {
  start: number;
  end: number;
  kind: UnitKind;
  /** Words [firstWord, endWord). */
  firstWord: number;
  endWord: number;
  line: number;
  /** For markers: the group whose content decides whether the marker stays. */
  markerGroup: number;
  /** Groups this (non-marker) unit belongs to: its line, and its fenced block (or table, front matter) when inside one. */
  fenceGroup: number;
  /** The fact kind (facts.ts) of a unit that is a fact. */
  fact?: string;
}

/** A Markdown link or image: its syntax markers survive only with both its text (some content) and its target. */
export interface Link {
  /** Marker units: `[` or `![`, `](` (or `][`), `)` (or `]`). */
  syntax: number[];
  /** Units of the link text [textFirst, textEnd). */
  textFirst: number;
  textEnd: number;
  /** The target unit. */
  target: number;
}

/** A table: header row, delimiter row, body rows (line indices) and its group. */
export interface Table {
  group: number;
  header: number;
  delimiter: number;
  /** Last body line (inclusive). */
  last: number;
}

export interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset after the line's content (before its terminator). */
  end: number;
  /** Offset after the terminator ("\n", "\r\n" or "\r"). */
  next: number;
}

export interface Segmentation {
  text: string;
  words: Word[];
  units: Unit[];
  lines: Line[];
  /** Number of marker groups (line groups are line indices; fence, table and front-matter groups follow them). */
  groups: number;
  links: Link[];
  tables: Table[];
}

const NUMBER_RE = /\p{N}+(?:[.,:/](?=\p{N})\p{N}+|[-\u2013](?=\p{N})\p{N}+)+/uy;
/** A lexical word (faithfulness.ts WORD_CHARS), joined across an apostrophe inside it ("don't"). */
const WORD_RE = new RegExp(`[${WORD_CHARS}]+(?:['’](?=[\\p{L}\\p{N}])[${WORD_CHARS}]+)*`, 'uy');
const EMOJI_RE =
  /(?:[\u{1F1E6}-\u{1F1FF}]{2}|\p{Extended_Pictographic}(?:\p{M}|[\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic}(?:\p{M}|[\u{1F3FB}-\u{1F3FF}])*)*)/uy;
const OTHER_RE = /[^\s](?:\p{M})*/uy;
const MARKER_RE = /[ \t]*(?:(#{1,6})(?=[ \t]|$)|([-*+])(?=[ \t])|(\d{1,9}[.)])(?=[ \t])|(>+)(?=[ \t]|$)|((?:```+(?=[^`]*$)|~~~+)[^\s`]*))/uy;
/** Markers that may follow a first one on the same line: "> - [ ] item", "1. > quote". */
const INNER_MARKER_RE = /[ \t]*(?:([-*+])(?=[ \t])|(\d{1,9}[.)])(?=[ \t])|(>+)(?=[ \t]|$)|(\[[ xX]\])(?=[ \t]))/uy;
/** A reference definition's label at a line start: "[npm-url]: https://…". */
const DEFINITION_RE = /[ \t]{0,3}\[[^\]\n]+\]:(?=[ \t])/uy;
const SETEXT_RE = /^ {0,3}(?:=+|-+)[ \t]*$/u;
const TABLE_DELIMITER_RE = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/u;
const HTML_RE = /<!--[^\n]*?-->|<\/?[A-Za-z][\w-]*(?:\s[^<>\n]*)?\/?>/uy;
const URL_IN_HTML_RE = /(?:https?|ftp):\/\/[^\s<>"'`]+/u;
const CJK_RE =
  /[\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
const CJK_SPLIT_RE =
  /[\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]\p{M}*|[^\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]+/gu;
const SPACE_RE = /\s/u;
const ABBREVIATION_RE = /(?:\p{L}\.){2,}(?![\p{L}\p{N}])/uy;

export function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** Whether a letter, mark, digit or "_" starts at offset i (astral characters included). */
function startsWord(text: string, i: number): boolean {
  const cp = text.codePointAt(i);
  return cp !== undefined && WORD_CHAR.test(String.fromCodePoint(cp));
}

export function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      const next = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lines.push({ start, end: i, next });
      start = next;
      i = next - 1;
    }
  }
  if (start < text.length || lines.length === 0) lines.push({ start, end: text.length, next: text.length });
  return lines;
}

/** A Markdown link or image starting at `pos` ("[text](target)", "![alt](src)", "[text][label]"), or undefined. */
function parseLink(text: string, pos: number, lineEnd: number) {
  const image = text[pos] === '!';
  const open = image ? pos + 1 : pos;
  if (text[open] !== '[') return undefined;
  const limit = Math.min(lineEnd, open + MAX_LINK);
  let close = -1;
  for (let i = open, depth = 0; i < limit; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0 || close === open + 1) return undefined;
  const kind = text[close + 1];
  if (kind !== '(' && kind !== '[') return undefined;
  const targetStart = close + 2;
  let targetEnd = -1;
  for (let i = targetStart, depth = 0; i < limit; i++) {
    const c = text[i];
    if (kind === '[' ? c === '[' : false) return undefined;
    if (c === (kind === '(' ? '(' : '\0')) depth++;
    else if (c === (kind === '(' ? ')' : ']') && depth-- === 0) {
      targetEnd = i;
      break;
    }
  }
  if (targetEnd <= targetStart || /\s/u.test(text[targetStart])) return undefined;
  return { image, textStart: open + 1, textEnd: close, targetStart, targetEnd, reference: kind === '[' };
}

/** The longest link (syntax, text and target) looked for on one line: bounds the work per "[". */
const MAX_LINK = 4096;

const FACT_UNIT_KIND: Record<string, UnitKind> = { url: 'url', email: 'url', number: 'number', date: 'number', quote: 'word' };

export function segment(text: string): Segmentation {
  const words: Word[] = [];
  const units: Unit[] = [];
  const links: Link[] = [];
  const lines = splitLines(text);
  const lineText = (li: number) => text.slice(lines[li].start, lines[li].end);
  let nextGroup = lines.length;
  let openFence = -1; // group id of the fenced block (or front matter) we are in
  const fenceGroupOf: number[] = [];

  // Tables: a row with a pipe, then a delimiter row, then rows with pipes.
  const tables: Table[] = [];
  const tableOf = new Int32Array(lines.length).fill(-1);
  for (let li = 1; li < lines.length; li++) {
    const row = lineText(li);
    if (!row.includes('|') || tableOf[li - 1] >= 0 || !lineText(li - 1).includes('|') || !TABLE_DELIMITER_RE.test(row)) continue;
    let last = li;
    while (last + 1 < lines.length && lineText(last + 1).includes('|') && lineText(last + 1).trim() !== '') last++;
    for (let k = li - 1; k <= last; k++) tableOf[k] = tables.length;
    tables.push({ group: nextGroup++, header: li - 1, delimiter: li, last });
  }
  // Front matter: "---" on the first line up to the next "---" or "...".
  let frontMatterEnd = -1;
  if (lines.length > 1 && lineText(0).trimEnd() === '---') {
    for (let li = 1; li < lines.length; li++) {
      const l = lineText(li).trimEnd();
      if (l === '---' || l === '...') {
        frontMatterEnd = li;
        break;
      }
    }
  }

  const addUnit = (start: number, end: number, kind: UnitKind, line: number, markerGroup = -1): Unit => {
    const unit: Unit = { start, end, kind, firstWord: words.length, endWord: words.length, line, markerGroup, fenceGroup: -1 };
    units.push(unit);
    return unit;
  };
  const addWord = (unit: Unit, start: number, end: number) => {
    const prev = start === 0 ? ' ' : text[start - 1];
    words.push({ text: text.slice(start, end), start, end, unit: units.length - 1, spaceBefore: SPACE_RE.test(prev) });
    unit.endWord = words.length;
  };
  const addMarker = (start: number, end: number, line: number, group: number) => {
    const u = addUnit(start, end, 'marker', line, group);
    addWord(u, start, end);
    return units.length - 1;
  };
  /** One unit and one word, spaces included (a fact such as "152 ms", a code span, a link target with a title). */
  const addSpaced = (start: number, end: number, kind: UnitKind, line: number, fenceGroup: number, fact?: string) => {
    const u = addUnit(start, end, kind, line);
    u.fenceGroup = fenceGroup;
    u.fact = fact;
    addWord(u, start, end);
    return units.length - 1;
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    let pos = line.start;
    const table = openFence < 0 ? tables[tableOf[li]] : undefined;
    const prefix = text.slice(0, line.end);
    // Front matter fences, setext heading underlines, table delimiter rows: one marker for the whole line.
    if (li === 0 && frontMatterEnd > 0) {
      openFence = nextGroup++;
      addMarker(line.start, line.start + 3, li, openFence);
      fenceGroupOf[li] = -1;
      continue;
    }
    if (li === frontMatterEnd) {
      const body = lineText(li).trimEnd();
      addMarker(line.start, line.start + body.length, li, openFence);
      openFence = -1;
      fenceGroupOf[li] = -1;
      continue;
    }
    if (table && li === table.delimiter) {
      const body = lineText(li);
      const lead = body.length - body.trimStart().length;
      addMarker(line.start + lead, line.start + body.trimEnd().length, li, table.group);
      fenceGroupOf[li] = -1;
      continue;
    }
    if (
      openFence < 0 &&
      !table &&
      li > 0 &&
      li - 1 !== frontMatterEnd &&
      SETEXT_RE.test(lineText(li)) &&
      setextAbove(lineText(li - 1)) &&
      tableOf[li - 1] < 0
    ) {
      const body = lineText(li);
      const lead = body.length - body.trimStart().length;
      addMarker(line.start + lead, line.start + body.trimEnd().length, li, li - 1);
      fenceGroupOf[li] = -1;
      continue;
    }
    // Markdown markers at line start.
    const marker = table ? undefined : matchAt(MARKER_RE, prefix, pos);
    let fenceLine = false;
    if (marker !== undefined) {
      const body = marker.replace(/^[ \t]+/, '');
      const mStart = pos + marker.length - body.length;
      const isFence = body.startsWith('```') || body.startsWith('~~~');
      let group = li;
      if (isFence) {
        fenceLine = true;
        if (openFence < 0) {
          openFence = nextGroup++;
          group = openFence;
        } else {
          group = openFence;
          openFence = -1;
        }
      }
      addMarker(mStart, mStart + body.length, li, group);
      pos = mStart + body.length;
      if (!isFence && !body.startsWith('#') && openFence < 0) {
        // Nested markers: "> - [ ] item".
        for (let inner = matchAt(INNER_MARKER_RE, prefix, pos); inner !== undefined; inner = matchAt(INNER_MARKER_RE, prefix, pos)) {
          const b = inner.replace(/^[ \t]+/, '');
          const s0 = pos + inner.length - b.length;
          addMarker(s0, s0 + b.length, li, li);
          pos = s0 + b.length;
        }
      }
    } else if (!table && openFence < 0) {
      const def = matchAt(DEFINITION_RE, prefix, pos);
      if (def !== undefined) {
        const b = def.replace(/^[ \t]+/, '');
        const s0 = pos + def.length - b.length;
        addMarker(s0, s0 + b.length, li, li);
        pos = s0 + b.length;
      }
    }
    const fenceGroup = fenceLine ? -1 : table ? table.group : openFence;
    fenceGroupOf[li] = fenceGroup;
    const markdown = openFence < 0 || li < frontMatterEnd;
    // Links whose text is open: the innermost last.
    const open: { link: Link; end: number; targetStart: number; targetEnd: number; reference: boolean }[] = [];
    while (pos < line.end) {
      const top = open[open.length - 1];
      if (top && pos >= top.end) {
        // The link text ends here: "](" + target + ")" (or "][" + label + "]").
        open.pop();
        top.link.textEnd = units.length;
        top.link.syntax.push(addMarker(top.end, top.targetStart, li, -1));
        const target = text.slice(top.targetStart, top.targetEnd);
        const isUrl = /^(?:https?|ftp|file):\/\/|^www\.|^mailto:/u.test(target);
        // An in-page anchor ("#install") or a reference label is no fact: without its text it tells nothing.
        const plain = top.reference || target.startsWith('#');
        const kind = plain ? 'word' : isUrl ? 'url' : 'code';
        top.link.target = addSpaced(top.targetStart, top.targetEnd, kind, li, fenceGroup, plain ? undefined : isUrl ? 'url' : 'path');
        top.link.syntax.push(addMarker(top.targetEnd, top.targetEnd + 1, li, -1));
        links.push(top.link);
        pos = top.targetEnd + 1;
        continue;
      }
      const ch = text[pos];
      if (SPACE_RE.test(ch)) {
        pos++;
        continue;
      }
      const limit = top ? top.end : line.end;
      if (table && ch === '|' && text[pos - 1] !== '\\') {
        addMarker(pos, pos + 1, li, li === table.header ? table.group : li);
        pos++;
        continue;
      }
      if (markdown && (ch === '[' || (ch === '!' && text[pos + 1] === '['))) {
        const l = parseLink(text, pos, limit);
        if (l) {
          const link: Link = { syntax: [], textFirst: 0, textEnd: 0, target: -1 };
          link.syntax.push(addMarker(pos, l.textStart, li, -1));
          link.textFirst = units.length;
          open.push({ link, end: l.textEnd, targetStart: l.textEnd + 2, targetEnd: l.targetEnd, reference: l.reference });
          pos = l.textStart;
          continue;
        }
      }
      if (markdown && ch === '<') {
        const tag = matchAt(HTML_RE, text.slice(0, limit), pos);
        if (tag !== undefined) {
          const hasUrl = URL_IN_HTML_RE.test(tag);
          addSpaced(pos, pos + tag.length, hasUrl ? 'url' : 'html', li, fenceGroup, hasUrl ? 'url' : undefined);
          pos += tag.length;
          continue;
        }
      }
      const fact = matchFact(text, pos, limit);
      if (fact) {
        const kind = FACT_UNIT_KIND[fact.kind.kind] ?? 'code';
        addSpaced(pos, pos + fact.length, kind, li, fenceGroup, fact.kind.kind);
        pos += fact.length;
        continue;
      }
      let m: string | undefined;
      let kind: UnitKind = 'word';
      if ((m = matchAt(ABBREVIATION_RE, text, pos)) !== undefined) {
        // "e.g.", "i.e.", "U.S.": one word (cutting inside glues "keys.g.").
      } else if ((m = matchAt(NUMBER_RE, text, pos)) !== undefined) {
        // A number glued to letters ("3.5GHz") continues as a word run; keep it simple: number unit.
        const rest = matchAt(WORD_RE, text, pos + m.length);
        if (rest !== undefined) m += rest;
        kind = 'number';
      } else if ((m = matchAt(WORD_RE, text, pos)) !== undefined) {
        kind = /^\p{N}+$/u.test(m) ? 'number' : 'word';
      } else if ((m = matchAt(EMOJI_RE, text, pos)) !== undefined && m.length > 0) {
        kind = 'symbol';
      } else {
        m = matchAt(OTHER_RE, text, pos) ?? ch;
        kind = /^[\p{P}]/u.test(m) ? 'punct' : 'symbol';
      }
      if (!m) m = ch;
      if ((kind === 'symbol' || kind === 'punct') && startsWord(text, pos + m.length)) {
        // Trailing combining marks belong to the letter run after them, as in the faithfulness contract's
        // lexical tokens: "🙂\u0301re" is "🙂" + "\u0301re", so dropping "re" cannot leave a bare mark.
        m = m.replace(/\p{M}+$/u, '') || m;
      }
      const end = Math.min(pos + m.length, limit);
      const u = addUnit(pos, end, kind, li);
      u.fenceGroup = fenceGroup;
      if (kind === 'word' && CJK_RE.test(m)) {
        // CJK characters are separate words of one unit (the letter run is one lexical token).
        for (const part of m.matchAll(CJK_SPLIT_RE)) addWord(u, pos + part.index, pos + part.index + part[0].length);
      } else {
        addWord(u, pos, end);
      }
      pos = end;
    }
  }
  return { text, words, units, lines, groups: nextGroup, links, tables };
}

/** Whether a line can be the text of a setext heading (a paragraph line, not a list item, heading, quote or fence). */
function setextAbove(line: string): boolean {
  return line.trim() !== '' && !/^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|>|```|~~~)/u.test(line) && !SETEXT_RE.test(line);
}

/** Sentence index of every unit: a sentence ends after . ! ? (and CJK 。！？) or at a line end. */
export function sentenceOfUnits(seg: Segmentation): Int32Array {
  const out = new Int32Array(seg.units.length);
  let s = 0;
  for (let i = 0; i < seg.units.length; i++) {
    const u = seg.units[i];
    if (i > 0 && seg.units[i - 1].line !== u.line) s++;
    out[i] = s;
    if (u.kind === 'punct' && /^[.!?。！？]+$/u.test(seg.text.slice(u.start, u.end))) {
      const next = seg.units[i + 1];
      if (next && next.line === u.line && next.start > u.end && !isAbbreviationDot(seg, i)) s++;
    }
  }
  return out;
}

/**
 * A "." that ends an initial or a common abbreviation rather than a sentence: "Frederick W. Mote",
 * "Rev. Paul T. Stallsworth", "c. 1455", "approx. 4 kg" (only when the next word is not a sentence start
 * after a lowercase abbreviation such as "etc.").
 */
function isAbbreviationDot(seg: Segmentation, i: number): boolean {
  const u = seg.units[i];
  if (seg.text.slice(u.start, u.end) !== '.' || i === 0) return false;
  const prev = seg.units[i - 1];
  if (prev.end !== u.start || prev.kind !== 'word') return false;
  const w = seg.text.slice(prev.start, prev.end);
  const next = seg.units[i + 1];
  const nextText = next ? seg.text.slice(next.start, next.end) : '';
  if (/^\p{Lu}$/u.test(w)) return /^\p{Lu}/u.test(nextText); // initials: "W. Mote", "T. T. Tsui"
  if (!ABBREVIATIONS.has(w.toLowerCase())) return false;
  if (w.toLowerCase() === 'etc' || w.toLowerCase() === 'no') return !/^\p{Lu}/u.test(nextText) || /^\p{N}/u.test(nextText);
  return true;
}

export function isSpace(ch: string): boolean {
  return SPACE_RE.test(ch);
}
