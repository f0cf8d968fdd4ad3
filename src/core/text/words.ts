/**
 * Word segmentation of the original text, with JavaScript string offsets.
 *
 * Two levels:
 * - **words**: what the model scores and what spans report (CJK characters are separate words);
 * - **units**: what selection keeps or drops as a whole. A unit is one word, except that a run of
 *   letters containing CJK characters is one unit (the faithfulness contract treats a letter run as
 *   one lexical token, so it cannot be cut), and that URLs, inline code spans, numbers such as
 *   `3.5`/`1,000`/`10:30` and contractions such as `don't` are single words and units.
 * Markdown markers at line start (list bullets, ordered-list numbers, heading hashes, block quotes,
 * code fences) are `marker` units: they survive exactly when their line (or fenced block) keeps content.
 */

import { WORD_CHAR, WORD_CHARS } from '../faithfulness';
import { ABBREVIATIONS } from './lexicon';

export type UnitKind = 'word' | 'punct' | 'symbol' | 'url' | 'code' | 'number' | 'marker';

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
  /** Groups this (non-marker) unit belongs to: its line, and its fenced block when inside one. */
  fenceGroup: number;
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
  /** Number of marker groups (line groups are line indices; fence groups follow them). */
  groups: number;
}

const URL_RE = /(?:https?|ftp|file):\/\/[^\s<>"'`]+|www\.[^\s<>"'`]+\.[^\s<>"'`]+/uy;
const CODE_SPAN_RE = /`[^`\n]+`/uy;
const NUMBER_RE = /\p{N}+(?:[.,:/](?=\p{N})\p{N}+|[-\u2013](?=\p{N})\p{N}+)+/uy;
/** A lexical word (faithfulness.ts WORD_CHARS), joined across an apostrophe inside it ("don't"). */
const WORD_RE = new RegExp(`[${WORD_CHARS}]+(?:['’](?=[\\p{L}\\p{N}])[${WORD_CHARS}]+)*`, 'uy');
const EMOJI_RE =
  /(?:[\u{1F1E6}-\u{1F1FF}]{2}|\p{Extended_Pictographic}(?:\p{M}|[\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic}(?:\p{M}|[\u{1F3FB}-\u{1F3FF}])*)*)/uy;
const OTHER_RE = /[^\s](?:\p{M})*/uy;
const MARKER_RE = /[ \t]*(?:(#{1,6})(?=[ \t]|$)|([-*+])(?=[ \t])|(\d{1,9}[.)])(?=[ \t])|(>+)(?=[ \t]|$)|((?:```+|~~~+)[^\s`]*))/uy;
const CJK_RE =
  /[\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
const CJK_SPLIT_RE =
  /[\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]\p{M}*|[^\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]+/gu;
const SPACE_RE = /\s/u;

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

/** Trailing punctuation is not part of a URL ("see https://x.org/a." or "(https://x.org)"). */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const ch = url[end - 1];
    if ('.,;:!?\'"*'.includes(ch)) end--;
    else if (ch === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--;
    else if (ch === ']' && count(url.slice(0, end), '[') < count(url.slice(0, end), ']')) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
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

export function segment(text: string): Segmentation {
  const words: Word[] = [];
  const units: Unit[] = [];
  const lines = splitLines(text);
  let fences = 0;
  let openFence = -1; // group id of the fenced block we are in
  const fenceGroupOf: number[] = [];

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

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    let pos = line.start;
    // Markdown marker at line start.
    const marker = matchAt(MARKER_RE, text.slice(0, line.end), pos);
    let fenceLine = false;
    if (marker !== undefined) {
      const body = marker.replace(/^[ \t]+/, '');
      const mStart = pos + marker.length - body.length;
      const isFence = body.startsWith('```') || body.startsWith('~~~');
      let group = li;
      if (isFence) {
        fenceLine = true;
        if (openFence < 0) {
          openFence = lines.length + fences++;
          group = openFence;
        } else {
          group = openFence;
          openFence = -1;
        }
      }
      const u = addUnit(mStart, mStart + body.length, 'marker', li, group);
      addWord(u, mStart, mStart + body.length);
      pos = mStart + body.length;
    }
    const fenceGroup = fenceLine ? -1 : openFence;
    fenceGroupOf[li] = fenceGroup;
    while (pos < line.end) {
      const ch = text[pos];
      if (SPACE_RE.test(ch)) {
        pos++;
        continue;
      }
      let m: string | undefined;
      let kind: UnitKind = 'word';
      if ((m = matchAt(URL_RE, text, pos)) !== undefined) {
        m = trimUrl(m);
        kind = 'url';
      } else if (ch === '`' && (m = matchAt(CODE_SPAN_RE, text, pos)) !== undefined) {
        kind = 'code';
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
      const end = Math.min(pos + m.length, line.end);
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
  return { text, words, units, lines, groups: lines.length + fences };
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
