/**
 * Rendering with tokens removed, keeping the code's shape: kept tokens stay on their lines with the
 * line's indentation, a dropped token takes its adjacent spaces, lines that lose every token vanish
 * (one blank line is kept where the original had some), CRLF and tabs are preserved, and an elided
 * body becomes ` ⋯ ` (the closing brace joins it: `f(a) { ⋯ }`).
 */
import { ELISION } from '../faithfulness';
import { wordAt, wordBefore } from './lexical';
import type { Region, Tokens } from './buffer';
import { lineStarts } from './statements';

// Module-local aliases: an imported binding is a property read per use under some loaders (tsx).
const isWordBefore = wordBefore;
const isWordAt = wordAt;
const ELISION_MARK = ELISION;

export interface Layout {
  startLine: Int32Array;
  endLine: Int32Array;
  lineStart: Int32Array;
  indentEnd: Int32Array;
  /** blankBefore[l] = number of blank lines among lines 0..l-1. */
  blankBefore: Int32Array;
}

export function layout(text: string, tok: Tokens): Layout {
  const lineStart = lineStarts(text);
  const count = lineStart.length - 1;
  const indentEnd = new Int32Array(count);
  const blankBefore = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) {
    let j = lineStart[k];
    const lineEnd = lineStart[k + 1] - 1;
    while (j < lineEnd) {
      const c = text.charCodeAt(j);
      if (c !== 32 && c !== 9) break;
      j++;
    }
    indentEnd[k] = j;
    const blank = j >= lineEnd || (j === lineEnd - 1 && text.charCodeAt(j) === 13);
    blankBefore[k + 1] = blankBefore[k] + (blank ? 1 : 0);
  }
  const startLine = new Int32Array(tok.n);
  const endLine = new Int32Array(tok.n);
  let line = 0;
  for (let i = 0; i < tok.n; i++) {
    const s = tok.start[i];
    while (lineStart[line + 1] <= s) line++;
    startLine[i] = line;
    let e = line;
    const last = tok.end[i] - 1;
    while (lineStart[e + 1] <= last) e++;
    endLine[i] = e;
  }
  return { startLine, endLine, lineStart, indentEnd, blankBefore };
}

export interface RenderPlan {
  text: string;
  tok: Tokens;
  lay: Layout;
  /** Unit index that removes each token. A token is kept in render(k) iff removedAt >= k. */
  removedAt: Int32Array;
  /** Elided regions with the unit index that elides them. */
  elisions: { region: Region; unit: number }[];
}

const OPENERS = new Set([40, 91, 123, 60, 46]); // ( [ { < .
const CLOSERS = new Set([41, 93, 125, 62, 46, 59, 44]); // ) ] } > . ; ,

function isLineComment(text: string, s: number, e: number): boolean {
  const c = text.charCodeAt(s);
  const lineish = c === 35 /* # */ || (c === 47 && text.charCodeAt(s + 1) === 47) || (c === 45 && text.charCodeAt(s + 1) === 45);
  return lineish && text.lastIndexOf('\n', e - 1) < s;
}

export function renderRemoved(p: RenderPlan, k: number): string {
  const { text, tok, lay, removedAt } = p;
  const n = tok.n;
  const { start, end } = tok;
  const { startLine, endLine, lineStart, indentEnd, blankBefore } = lay;
  const lineBreak = (line: number) => (lineStart[line] >= 2 && text.charCodeAt(lineStart[line] - 2) === 13 ? '\r\n' : '\n');
  const indent = (line: number) => text.slice(lineStart[line], indentEnd[line]);

  // Elided regions active at k, outermost only, in text order.
  const active: Region[] = [];
  if (p.elisions.length) {
    const chosen = p.elisions.filter((x) => x.unit < k).map((x) => x.region);
    chosen.sort((a, b) => a.innerStart - b.innerStart || b.innerEnd - a.innerEnd);
    let reach = -1;
    for (const r of chosen) {
      if (r.innerStart >= reach) {
        active.push(r);
        reach = r.innerEnd;
      }
    }
  }
  let ri = 0;
  let nextRegionAt = active.length ? active[0].innerStart : -1;

  const out: string[] = [];
  let prevKept = -1;
  let lastLine = 0;
  let runStart = -1;
  let gap = false; // tokens were dropped (or a body elided) since prevKept
  let markerEnd = -1; // token index right after a marker just emitted
  let emitted = false;

  const flush = () => {
    if (runStart >= 0) {
      out.push(text.slice(runStart, end[prevKept]));
      runStart = -1;
    }
  };

  let i = 0;
  while (i < n) {
    if (i === nextRegionAt) {
      const r = active[ri++];
      nextRegionAt = ri < active.length ? active[ri].innerStart : -1;
      let header = false;
      for (let j = r.declStart; j < r.innerStart; j++) {
        if (removedAt[j] >= k) {
          header = true;
          break;
        }
      }
      if (!gap) flush();
      gap = true;
      if (header) {
        const line = startLine[i];
        if (!emitted) {
          out.push(indent(line));
          lastLine = line;
        } else if (prevKept >= 0 && isLineComment(text, start[prevKept], end[prevKept])) {
          out.push(lineBreak(line), indent(line));
          lastLine = line;
        } else {
          out.push(' ');
        }
        out.push(ELISION_MARK);
        emitted = true;
        markerEnd = r.innerEnd;
      }
      i = r.innerEnd;
      continue;
    }
    if (removedAt[i] < k) {
      if (!gap) flush();
      gap = true;
      i++;
      continue;
    }
    // Token i is kept.
    if (gap) {
      const line = startLine[i];
      if (!emitted) {
        out.push(indent(line));
      } else if (markerEnd === i && text.charCodeAt(start[i]) === 125 /* } */) {
        out.push(' ');
      } else if (line > lastLine) {
        const br = lineBreak(line);
        out.push(br);
        if (blankBefore[line] - blankBefore[lastLine + 1] > 0) out.push(br);
        out.push(indent(line));
      } else if (markerEnd >= 0 && prevKept >= 0 && markerEnd > prevKept) {
        out.push(' ');
      } else if (prevKept >= 0) {
        let j = end[prevKept];
        while (j < start[i]) {
          const c = text.charCodeAt(j);
          if (c !== 32 && c !== 9) break;
          j++;
        }
        if (j > end[prevKept]) out.push(text.slice(end[prevKept], j));
        else if (isWordBefore(text, end[prevKept]) && isWordAt(text, start[i])) out.push(' ');
        else {
          // `f("a", b)` without the comma: `"a" b`, but `(b)` rather than `( b)`.
          const before = text.charCodeAt(start[i] - 1);
          const open = text.charCodeAt(end[prevKept] - 1);
          const close = text.charCodeAt(start[i]);
          if ((before === 32 || before === 9) && !OPENERS.has(open) && !CLOSERS.has(close)) out.push(' ');
        }
      }
      runStart = start[i];
      gap = false;
    } else if (runStart < 0) {
      runStart = prevKept < 0 ? 0 : start[i];
    }
    markerEnd = -1;
    emitted = true;
    prevKept = i;
    lastLine = endLine[i];
    i++;
  }
  if (!gap) {
    out.push(text.slice(runStart, text.length));
    return out.join('');
  }
  flush();
  if (!emitted) return '';
  out.push(text.slice(end[n - 1]));
  return out.join('');
}
