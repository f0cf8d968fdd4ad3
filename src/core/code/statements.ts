/**
 * Statement units: the whole-line syntactic units statement-level elision removes (comments, docstrings,
 * imports, statements, members, declarations). A unit is a named node that is a child of a block
 * (`BLOCK_TYPES` and the map's `blocks`), or a comment anywhere, and occupies whole lines: it starts its first line and ends its
 * last one (a trailing `;`, `,` or comment may follow). Units nest; a line belongs to the deepest unit
 * covering it (its "owner"); lines no unit covers belong to the file (never removed).
 */
import type { Tree } from 'web-tree-sitter';
import type { CompiledMap } from './compile';
import { apiCursor, rawCursor } from './cursor';

export interface Units {
  /** Number of units; unit u covers lines first[u]..last[u] (inclusive). */
  n: number;
  first: Int32Array;
  last: Int32Array;
  /** Enclosing unit, or -1 for a top-level unit. Parents come before their children. */
  parent: Int32Array;
  /** Start offset of each line, plus text.length + 1 at the end. */
  lineStart: Int32Array;
  /** owner[line] = deepest unit covering the line, or -1 (the file's own lines). */
  owner: Int32Array;
}

/** What may follow a unit on its last line: spaces, one `;` or `,`, a comment. */
const LINE_REST = /^[ \t]*[;,]?[ \t]*(?:\/\/.*|#.*|\/\*.*\*\/[ \t]*|--.*)?\r?$/;

/** Offsets where each line starts, plus text.length + 1 at the end (one entry per line, then the sentinel). */
export function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const lineStart = new Int32Array(count + 1);
  let l = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStart[l++] = i + 1;
  lineStart[count] = text.length + 1;
  return lineStart;
}

/** The statement units of a parsed text. */
export function statementUnits(text: string, tree: Tree, t: CompiledMap, wasm?: Record<string, unknown>): Units {
  const lineStart = lineStarts(text);
  const nLines = lineStart.length - 1;
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = nLines - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStart[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const first: number[] = [];
  const last: number[] = [];
  const parent: number[] = [];
  const { block, branch, attached, named, own, commentClass } = t;
  const lastId = t.size - 1;
  const c = rawCursor(tree, wasm) ?? apiCursor(tree);
  // Iterative walk; stack of (type id, enclosing unit) per depth.
  const types: number[] = [];
  const unitAt: number[] = [];
  // First line of attributes waiting for the next unit at each depth (-1: none).
  const pending: number[] = [-1, -1];
  try {
    types.push(Math.min(c.typeId(), lastId));
    unitAt.push(-1);
    let d = 0;
    for (;;) {
      if (c.first() !== 0) {
        d++;
        visit(d);
        continue;
      }
      for (;;) {
        if (d === 0) return finish();
        if (c.next() !== 0) {
          visit(d);
          break;
        }
        c.parent();
        d--;
      }
    }

    function visit(depth: number) {
      const id = Math.min(c.typeId(), lastId);
      types[depth] = id;
      let unit = unitAt[depth - 1];
      pending[depth + 1] = -1;
      if (named[id] && ((block[types[depth - 1]] && !branch[id]) || own[id] === commentClass)) {
        const s = c.start();
        const e = c.end();
        if (e > s && isLineAligned(s, e)) {
          let a = lineOf(s);
          const b = lineOf(e - 1);
          if (attached[id] && own[id] !== commentClass) {
            if (pending[depth] < 0) pending[depth] = a;
            unitAt[depth] = unit;
            return;
          }
          if (pending[depth] >= 0 && own[id] !== commentClass) {
            a = Math.min(a, pending[depth]);
            pending[depth] = -1;
          }
          if (unit < 0 || a !== first[unit] || b !== last[unit]) {
            first.push(a);
            last.push(b);
            parent.push(unit);
            unit = first.length - 1;
          }
        }
      } else if (named[id]) pending[depth] = -1;
      unitAt[depth] = unit;
    }
  } finally {
    c.close();
  }

  function isLineAligned(s: number, e: number): boolean {
    for (let j = s - 1; j >= 0; j--) {
      const ch = text.charCodeAt(j);
      if (ch === 10) break;
      if (ch !== 32 && ch !== 9) return false;
    }
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    return lineEnd === e || LINE_REST.test(text.slice(e, lineEnd));
  }

  function finish(): Units {
    const n = first.length;
    const owner = new Int32Array(nLines).fill(-1);
    for (let u = 0; u < n; u++) for (let l = first[u]; l <= last[u]; l++) owner[l] = u;
    return { n, first: Int32Array.from(first), last: Int32Array.from(last), parent: Int32Array.from(parent), lineStart, owner };
  }
}
