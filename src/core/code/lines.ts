/**
 * Line-level elision: the verbatim fallback of the statement-level presets (`context`, `suggestion`) when
 * whole statements are too coarse for the budget (a 10-line selection, a truncated statement, one huge
 * literal). Whole input lines are removed, least valuable first, and each removed run becomes one `⋯`
 * line indented like its first line (removed comment lines leave no mark). Every kept line is a
 * verbatim input line; unlike statement-level elision a statement may lose some of its lines.
 *
 * A line's value comes from the caller (elide.ts: its unit's value blended with its tokens' type value;
 * lineValues here without units). The fit is exact (`fitToBudget`), then removed lines are put back, most
 * valuable first, while the exact count stays within the budget.
 */
import { fitToBudget } from '../budget/fit';
import { throwIfAborted } from '../errors';
import { ELISION } from '../faithfulness';
import type { Tokens } from './buffer';
import { C, N_CLASSES } from './classes';
import type { TokenStats } from './order';

export interface LineElision {
  text: string;
  tokens: number;
  /** Kept flag of each token (a token is kept with the line it starts on). */
  kept: Uint8Array;
  /** Code lines kept (not blank, not comment-only). */
  codeLines: number;
}

const COMMENTISH = (1 << C.Comment) | (1 << C.Docstring);
const CLOSING = /^[ \t]*(?:[)\]}]+[)\]};,]*|end|fi|done|esac|<\/[\w.:-]*>[)\]};,]*)[ \t]*\r?\n?$/;

/** First token of each line (lineTok[nLines] = n): tokens are assigned to the line they start on. */
export function lineTokens(tok: Tokens, lineStart: Int32Array): Int32Array {
  const nLines = lineStart.length - 1;
  const lineTok = new Int32Array(nLines + 1);
  let i = 0;
  for (let l = 0; l < nLines; l++) {
    while (i < tok.n && tok.start[i] < lineStart[l]) i++;
    lineTok[l] = i;
  }
  lineTok[nLines] = tok.n;
  return lineTok;
}

/** Mean preset rank of each line's tokens ÷ the highest rank (CodePromptZip's order per line); -1 = no token. */
export function lineTypeValues(tok: Tokens, stats: TokenStats, lineTok: Int32Array): Float64Array {
  const nLines = lineTok.length - 1;
  const { eff, rank } = stats;
  let maxRank = 1;
  for (let c = 0; c < N_CLASSES; c++) maxRank = Math.max(maxRank, rank[c]);
  const v = new Float64Array(nLines);
  for (let l = 0; l < nLines; l++) {
    const a = lineTok[l];
    const b = lineTok[l + 1];
    if (a === b) {
      v[l] = -1;
      continue;
    }
    let s = 0;
    let comments = 0;
    for (let i = a; i < b; i++) {
      s += rank[eff[i]];
      if (tok.mask[i] & COMMENTISH) comments++;
    }
    v[l] = comments === b - a ? 0.05 * (s / (b - a) / maxRank) : s / (b - a) / maxRank;
  }
  return v;
}

export function elideLines(
  text: string,
  tok: Tokens,
  stats: TokenStats,
  lineStart: Int32Array,
  lineTok: Int32Array,
  /** Value of each line (higher = kept longer); lines without a token inherit the previous line's. */
  value: Float64Array,
  count: (s: string) => number,
  budget: number,
  signal?: AbortSignal,
  /** A start within the budget (the statement-level result: 1 = line removed, with its text and tokens): only lines are put back. */
  start?: { removed: Uint8Array; text: string; tokens: number },
): LineElision | undefined {
  const nLines = lineStart.length - 1;
  const lineText = (l: number) => lineAt(text, lineStart, l);
  const blank = new Uint8Array(nLines);
  const commentLine = new Uint8Array(nLines);
  const cost = new Float64Array(nLines);
  const { cost: tokCost } = stats;
  for (let l = 0; l < nLines; l++) {
    blank[l] = /^\s*$/.test(lineText(l)) ? 1 : 0;
    let all = lineTok[l] < lineTok[l + 1];
    for (let i = lineTok[l]; i < lineTok[l + 1]; i++) {
      cost[l] += tokCost[i];
      if (!(tok.mask[i] & COMMENTISH)) all = false;
    }
    commentLine[l] = all ? 1 : 0;
  }
  // Lines inside a multi-line token (string, comment) start no token: their value and comment flag follow the
  // token's first line, slightly lower (a literal's head outlives its tail); their cost is their share of the text.
  for (let l = 1, prev = blank[0] ? -1 : 0; l < nLines; l++) {
    if (blank[l]) continue;
    if (lineTok[l] === lineTok[l + 1] && prev >= 0) {
      value[l] = value[prev] - 1e-4;
      commentLine[l] = commentLine[prev];
      cost[l] = Math.max(1, lineText(l).length / 4);
    }
    prev = l;
  }
  const indentWidth = (l: number) => indentOf(lineText(l)).length;
  // An indented line stays only under its header (the nearest code line above with less indentation): a body line
  // without its `def`/`if` would read as code of the enclosing block. It is worth at most its header's value, so it
  // goes first, and it is put back only after its header.
  const header = new Int32Array(nLines).fill(-1);
  const stack: number[] = [];
  for (let l = 0; l < nLines; l++) {
    if (blank[l] || commentLine[l] || (l > 0 && lineTok[l] === lineTok[l + 1])) continue;
    const w = indentWidth(l);
    while (stack.length && indentWidth(stack[stack.length - 1]) >= w) stack.pop();
    if (stack.length) {
      header[l] = stack[stack.length - 1];
      value[l] = Math.min(value[l], value[header[l]] - 1e-6);
    }
    stack.push(l);
  }
  // A closing line (`}`, `});`, `end`…) is worth its opener's value: the nearest line above with no deeper indentation.
  // It goes with its opener: removed just before it, and put back only with it.
  const opener = new Int32Array(nLines).fill(-1);
  const closer = new Int32Array(nLines).fill(-1);
  for (let l = 1; l < nLines; l++) {
    if (!CLOSING.test(lineText(l))) continue;
    const w = indentWidth(l);
    for (let o = l - 1; o >= 0; o--) {
      if (blank[o] || CLOSING.test(lineText(o)) || indentWidth(o) > w) continue;
      value[l] = Math.max(value[l], value[o] - 1e-5);
      if (closer[o] < 0) {
        opener[l] = o;
        closer[o] = l;
      }
      break;
    }
  }
  const order: number[] = [];
  for (let l = 0; l < nLines; l++) if (!blank[l]) order.push(l);
  if (order.length === 0) return undefined;
  // Lowest value first; ties: later lines first.
  order.sort((a, b) => value[a] - value[b] || b - a);
  const removed = new Uint8Array(nLines);

  const render = (): string =>
    renderElided(text, lineStart, {
      blank: (l) => blank[l] === 1,
      removed: (l) => removed[l] === 1,
      run: () => 0,
      code: (l) => commentLine[l] === 0,
    });
  const setPrefix = (k: number) => {
    removed.fill(0);
    for (let j = 0; j < k; j++) removed[order[j]] = 1;
  };
  let tokens: number;
  let best: string;
  if (start) {
    for (let l = 0; l < nLines; l++) removed[l] = blank[l] ? 0 : start.removed[l];
    tokens = start.tokens;
    best = start.text;
  } else {
    const fit = fitToBudget({
      costs: order.map((l) => cost[l]),
      render: (k) => {
        setPrefix(k);
        return render();
      },
      count,
      budget,
      signal,
    });
    if (!fit.met) return undefined;
    setPrefix(fit.k);
    tokens = fit.tokens;
    best = fit.text;
  }
  const bestRemoved = removed.slice();
  const floor = Math.min(Math.floor(budget * 0.95), budget - 1);
  // Fill: put back removed lines, most valuable first, while the estimate fits the slack; the exact count
  // confirms each round (the last added line goes back out until it does).
  const failed = new Uint8Array(nLines);
  for (let round = 0, probes = 0; round < 12 && tokens < floor && probes < 40; round++) {
    throwIfAborted(signal);
    removed.set(bestRemoved);
    const slack = budget - tokens;
    const added: number[] = [];
    let est = 0;
    for (let j = order.length - 1; j >= 0; j--) {
      const l = order[j];
      if (!removed[l] || failed[l] || (opener[l] >= 0 && removed[opener[l]]) || (header[l] >= 0 && removed[header[l]])) continue;
      const pair = closer[l] >= 0 && removed[closer[l]] ? closer[l] : -1;
      const c = cost[l] + 1 + (pair >= 0 ? cost[pair] : 0);
      if (est + c > slack) continue;
      removed[l] = 0;
      if (pair >= 0) removed[pair] = 0;
      added.push(l);
      est += c;
    }
    if (!added.length) break;
    for (;;) {
      probes++;
      const s = render();
      const t = count(s);
      if (t <= budget && t > tokens) {
        tokens = t;
        best = s;
        bestRemoved.set(removed);
        break;
      }
      const l = added.pop();
      if (l === undefined || probes >= 40) break;
      failed[l] = 1;
      removed[l] = 1;
      if (closer[l] >= 0 && bestRemoved[closer[l]]) removed[closer[l]] = 1;
    }
  }
  const kept = new Uint8Array(tok.n);
  let codeLines = 0;
  for (let l = 0; l < nLines; l++) {
    const k = bestRemoved[l] ? 0 : 1;
    if (k && !blank[l] && !commentLine[l]) codeLines++;
    for (let i = lineTok[l]; i < lineTok[l + 1]; i++) kept[i] = k;
  }
  return { text: best, tokens, kept, codeLines };
}

/** Line `n` of `text` (with its line break). */
function lineAt(text: string, lineStart: ArrayLike<number>, n: number): string {
  return text.slice(lineStart[n], Math.min(lineStart[n + 1], text.length));
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/** How a renderer sees the lines: which are blank or removed, and which removed lines are code. */
export interface LineView {
  blank(l: number): boolean;
  removed(l: number): boolean;
  /** Key of the removed run a removed line belongs to; a kept line or a new key starts a new run (one `⋯` each). */
  run(l: number): number;
  /** Whether removed line `l` is code (it carries its run's `⋯`); a removed comment does only when it emptied a block. */
  code(l: number): boolean;
}

/**
 * The kept lines verbatim, one `⋯` per removed run indented like the first line that shows it, blank lines kept
 * only between kept content (the one renderer of statement- and line-level elision).
 *
 * A removed comment or docstring that was the whole body of a kept header ending in `:` (Python's
 * `class E(Error):` with only a docstring) shows a `⋯` too, so the header is not left without a body: the comment is
 * indented under the header and the next line still shown is not.
 */
export function renderElided(text: string, lineStart: ArrayLike<number>, v: LineView): string {
  const nLines = lineStart.length - 1;
  const lineText = (l: number) => lineAt(text, lineStart, l);
  const breakOf = (l: number) => (lineText(l).endsWith('\r\n') ? '\r\n' : '\n');
  // The next line shown after `l`: one scan per stretch of hidden lines, not one per line.
  let shownAt = -1;
  const nextShown = (l: number): number => {
    if (l < shownAt) return shownAt;
    let n = l + 1;
    while (n < nLines && (v.blank(n) || v.removed(n))) n++;
    shownAt = n;
    return n;
  };
  const emptiesBlock = (l: number, opener: number): boolean => {
    if (opener < 0 || !/:\s*(#.*)?$/.test(lineText(opener).trimEnd())) return false;
    const depth = indentOf(lineText(opener)).length;
    if (indentOf(lineText(l)).length <= depth) return false;
    const n = nextShown(l);
    return n >= nLines || indentOf(lineText(n)).length <= depth;
  };
  const out: string[] = [];
  let pendingBlank = false;
  let emitted = false;
  let run: number | undefined; // the current removed run (undefined: none since the last kept line)
  let marked = false;
  let lastKept = -1;
  for (let l = 0; l < nLines; l++) {
    const gone = v.removed(l);
    if (v.blank(l)) {
      if (!gone && emitted) pendingBlank = true;
      continue;
    }
    if (!gone) {
      if (pendingBlank) out.push(breakOf(l - 1));
      pendingBlank = false;
      out.push(lineText(l));
      emitted = true;
      run = undefined;
      lastKept = l;
      continue;
    }
    const key = v.run(l);
    if (key !== run) {
      run = key;
      marked = false;
    }
    if (marked || !(v.code(l) || emptiesBlock(l, lastKept))) continue;
    if (pendingBlank) out.push(breakOf(l - 1));
    pendingBlank = false;
    out.push(indentOf(lineText(l)), ELISION, breakOf(l));
    marked = true;
    emitted = true;
  }
  let s = out.join('');
  if (!text.endsWith('\n') && s.endsWith('\n')) s = s.slice(0, s.endsWith('\r\n') ? -2 : -1);
  return s;
}
