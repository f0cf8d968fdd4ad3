/**
 * Output = the original text with dropped units cut out, built from offsets.
 * Lines keep their indentation and terminators; a line that loses every unit disappears; blank
 * lines survive unless a dropped line would leave two blank runs touching. Between two kept units
 * the original whitespace stays when nothing between them was dropped; otherwise one space remains
 * (no fused tokens: "96.4% | −0.7" never becomes "96.4%−0.7"), except before closing or after opening
 * punctuation ("word.", "(word").
 * Two word characters never get glued (that would break faithfulness): a space is inserted, except
 * in CJK text, where the dropped punctuation between them is restored instead.
 */
import { isCjk, isSpace, isWordChar, type Segmentation } from './words';

export interface Rendered {
  text: string;
  /** Final keep flag per unit (after markers and restorations). */
  kept: Uint8Array;
}

/** Marker units follow their group: kept when any non-marker unit of the group is kept. */
export function resolveMarkers(seg: Segmentation, keep: Uint8Array): void {
  const groupKept = new Uint8Array(seg.groups);
  for (let i = 0; i < seg.units.length; i++) {
    const u = seg.units[i];
    if (u.kind === 'marker' || !keep[i]) continue;
    groupKept[u.line] = 1;
    if (u.fenceGroup >= 0) groupKept[u.fenceGroup] = 1;
  }
  for (let i = 0; i < seg.units.length; i++) {
    const u = seg.units[i];
    if (u.kind === 'marker') keep[i] = groupKept[u.markerGroup];
  }
}

export function render(seg: Segmentation, keepIn: Uint8Array, withMask = false): Rendered {
  const { text, units, lines } = seg;
  const keep = withMask ? Uint8Array.from(keepIn) : keepIn;
  const parts: string[] = [];
  let ui = 0;
  let lastEmittedBlank = false;
  let prevEmitted = true; // the previous original line was emitted (true before the first line)
  let emittedAny = false;
  for (const line of lines) {
    const first = ui;
    while (ui < units.length && units[ui].start < line.next) ui++;
    const end = ui;
    const terminator = text.slice(line.end, line.next);
    if (first === end) {
      // An originally blank line: keep it unless a dropped line made blank runs touch.
      if (prevEmitted || (emittedAny && !lastEmittedBlank)) {
        parts.push(text.slice(line.start, line.next));
        lastEmittedBlank = true;
        emittedAny = true;
        prevEmitted = true;
      } else prevEmitted = false;
      continue;
    }
    let k = first;
    while (k < end && !keep[k]) k++;
    if (k === end) {
      prevEmitted = false; // every unit dropped: the line disappears
      continue;
    }
    // Indentation, or the original prefix when nothing before the first kept unit was dropped.
    if (k === first) parts.push(text.slice(line.start, units[k].start));
    else {
      const indent = /^[ \t]*/.exec(text.slice(line.start, units[first].start))![0];
      parts.push(indent);
    }
    let a = k;
    parts.push(text.slice(units[a].start, units[a].end));
    for (let b = a + 1; b < end; b++) {
      if (!keep[b]) continue;
      parts.push(gap(seg, keep, a, b));
      parts.push(text.slice(units[b].start, units[b].end));
      a = b;
    }
    // Trailing whitespace stays only when nothing after the last kept unit was dropped.
    if (a === end - 1) parts.push(text.slice(units[a].end, line.end));
    parts.push(terminator);
    lastEmittedBlank = false;
    emittedAny = true;
    prevEmitted = true;
  }
  // Without a terminator on the last emitted line, drop a dangling one from an earlier line.
  let out = parts.join('');
  if (!/[\r\n]$/.test(text)) out = out.replace(/(?:\r\n|\r|\n)+$/, '');
  return { text: out, kept: keep };
}

function gap(seg: Segmentation, keep: Uint8Array, a: number, b: number): string {
  const { text, units } = seg;
  const ua = units[a];
  const ub = units[b];
  if (b === a + 1) return text.slice(ua.end, ub.start);
  const wsAfter = isSpace(text[ua.end]);
  const wsBefore = isSpace(text[ub.start - 1]);
  // A Markdown marker keeps the whitespace that makes it one ("- item", "> quote", "## title").
  if (ua.kind === 'marker' && ua.markerGroup >= 0 && wsAfter) return /^[ \t]*/.exec(text.slice(ua.end, ub.start))![0] || ' ';
  if (wsAfter && wsBefore) return ' ';
  const left = lastChar(text, ua.end);
  const right = firstChar(text, ub.start);
  // "Name: {x} word" without "{x}" keeps the space after "Name:" ("Name: word", not "Name:word").
  if (wsAfter && !isWordChar(left) && isWordChar(right)) return ' ';
  if (isWordChar(left) && isWordChar(right)) {
    if (!wsAfter && !wsBefore && (isCjk(left) || isCjk(right))) {
      // Restore the dropped punctuation rather than put a space into CJK text.
      for (let i = a + 1; i < b; i++) keep[i] = 1;
      return text.slice(ua.end, ub.start);
    }
    return ' ';
  }
  // Two kept tokens that dropped text separated stay separated ("96.4% | −0.7" must not become "96.4%−0.7"),
  // except punctuation that attaches to its neighbour ("word." , "(word").
  // Only punctuation (or link syntax) attaches: a path "./test.js" after "See" is a token of its own.
  const image = right === '!' && text[ub.start + 1] === '['; // "![alt]" opens, it does not close
  // A "." glued to the word after it (".makeRe") starts that word rather than closing the one before.
  const prefix = ub.kind === 'punct' && isWordChar(firstChar(text, ub.end));
  // … and only at a word's edge: "w— \\?`n`" without "— \\" is "w ?`n`", not one token "w?`n`".
  const edgeAfter = ub.end >= text.length || isSpace(text[ub.end]) || CLOSING.test(firstChar(text, ub.end));
  const edgeBefore = ua.start === 0 || isSpace(text[ua.start - 1]) || OPENING.test(lastChar(text, ua.start));
  const closing = (ub.kind === 'punct' || ub.kind === 'marker') && CLOSING.test(right) && !image && !prefix && edgeAfter;
  const opening = (ua.kind === 'punct' || ua.kind === 'marker') && OPENING.test(left) && edgeBefore;
  return closing || opening ? '' : ' ';
}

const CLOSING = /^[.,;:!?)\]}»”’。，、；：！？）」』】》]$/u;
const OPENING = /^[([{«“‘（「『【《]$/u;

function lastChar(text: string, end: number): string {
  const c = text.codePointAt(end - 1) ?? 0;
  if (c >= 0xdc00 && c <= 0xdfff && end >= 2) return String.fromCodePoint(text.codePointAt(end - 2) ?? 0);
  return String.fromCodePoint(c);
}

function firstChar(text: string, start: number): string {
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}
