/**
 * Statement-level elision (the `context` and `suggestion` presets): whole units (statements.ts) are
 * removed, least valuable first, and every removed run of code inside a block becomes one `⋯` line
 * indented like the code it replaces. Every kept line is a verbatim line of the input.
 *
 * A unit's value (README here): comments and docstrings lowest, then imports, then code by
 * 0.35 × its type value (the mean preset rank of its own tokens: CodePromptZip's order) + 0.65 × its
 * relevance (relevance.ts), larger units slightly earlier. A unit is never worth less than its
 * children, so bodies go before their signatures and the removed set stays closed under nesting.
 */
import { fitToBudget } from '../budget/fit';
import { throwIfAborted } from '../errors';
import { ELISION } from '../faithfulness';
import type { Tokens } from './buffer';
import { C, N_CLASSES } from './classes';
import type { TokenStats } from './order';
import { unitRelevance } from './relevance';
import type { Units } from './statements';

export interface ElisionResult {
  text: string;
  tokens: number;
  /** Kept flag of each token. */
  kept: Uint8Array;
  /** Units removed, and the units there are. */
  removed: number;
  units: number;
  notes: string[];
}

const COMMENTISH = (1 << C.Comment) | (1 << C.Docstring);
const IMPORT = 1 << C.Import;

/** The least a result may fall under the budget: 5%, or one token on small budgets. */
export function budgetFloor(budget: number): number {
  return Math.min(Math.floor(budget * 0.95), budget - 1);
}

export function elideStatements(
  text: string,
  tok: Tokens,
  stats: TokenStats,
  units: Units,
  count: (s: string) => number,
  budget: number,
  question?: string,
  signal?: AbortSignal,
): ElisionResult | undefined {
  const U = units.n;
  if (U === 0) return undefined;
  const { first, last, parent, owner, lineStart } = units;
  const nLines = lineStart.length - 1;
  const info = unitRelevance(text, tok, stats, units, question);
  const { lineTok } = info;
  const { eff, rank, cost } = stats;
  let maxRank = 1;
  for (let c = 0; c < N_CLASSES; c++) maxRank = Math.max(maxRank, rank[c]);

  // Own tokens of each unit: cost, mean preset rank, kind.
  const ownCost = new Float64Array(U);
  const rankSum = new Float64Array(U);
  const nTok = new Int32Array(U);
  const comment = new Uint8Array(U).fill(1);
  const imports = new Uint8Array(U).fill(1);
  for (let l = 0; l < nLines; l++) {
    const u = owner[l];
    if (u < 0) continue;
    for (let i = lineTok[l]; i < lineTok[l + 1]; i++) {
      ownCost[u] += cost[i];
      rankSum[u] += rank[eff[i]];
      nTok[u]++;
      const m = tok.mask[i];
      if (!(m & COMMENTISH)) comment[u] = 0;
      if (!(m & (IMPORT | COMMENTISH))) imports[u] = 0;
    }
  }
  // Imports are worth what the code uses of them: occurrences of their names outside imports, per ~8 tokens of import.
  const outside = new Int32Array(stats.texts.length);
  for (let i = 0; i < tok.n; i++) if (!(tok.mask[i] & (IMPORT | COMMENTISH))) outside[stats.textIds[i]]++;
  const key = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    const typeValue = nTok[u] ? rankSum[u] / nTok[u] / maxRank : 0;
    if (nTok[u] === 0 || comment[u]) key[u] = 0.1 * typeValue;
    else if (imports[u]) {
      const seen = new Set<number>();
      let uses = 0;
      for (let l = first[u]; l <= last[u]; l++) {
        if (owner[l] !== u) continue;
        for (let i = lineTok[l]; i < lineTok[l + 1]; i++) {
          const id = stats.textIds[i];
          if (!seen.has(id)) uses += outside[id];
          seen.add(id);
        }
      }
      key[u] = 0.1 + 0.2 * typeValue + 0.7 * Math.min(1, Math.log2(1 + uses / Math.max(1, ownCost[u] / 8)) / 2.5);
    } else key[u] = 0.3 + 0.7 * (0.35 * typeValue + 0.65 * info.relevance[u]) - 0.01 * Math.log2(1 + ownCost[u]);
  }
  // A compound statement (not a definition) goes whole: it is worth the mean of its subtree and its
  // parts come just before it. A definition is worth at least its most valuable part (bodies go first).
  const subCost = new Float64Array(U);
  const subVal = new Float64Array(U);
  for (let u = U - 1; u >= 0; u--) {
    if (!comment[u]) {
      subCost[u] += ownCost[u];
      subVal[u] += key[u] * ownCost[u];
    }
    const p = parent[u];
    if (p >= 0) {
      subCost[p] += subCost[u];
      subVal[p] += subVal[u];
    }
  }
  const hasChildren = new Uint8Array(U);
  for (let u = 0; u < U; u++) if (parent[u] >= 0) hasChildren[parent[u]] = 1;
  const whole = (u: number) => hasChildren[u] === 1 && !info.isDef[u] && !comment[u];
  const inherited = new Uint8Array(U);
  for (let u = 0; u < U; u++) {
    if (whole(u) && subCost[u] > 0) key[u] = subVal[u] / subCost[u];
    const p = parent[u];
    if (p >= 0 && (whole(p) || inherited[p]) && !comment[u]) {
      inherited[u] = 1;
      key[u] = key[p] - 1e-7;
    }
  }
  for (let u = U - 1; u >= 0; u--) if (parent[u] >= 0 && key[parent[u]] <= key[u]) key[parent[u]] = key[u] + 1e-9;

  // Removal order: lowest value first; ties: later first.
  const order = Array.from({ length: U }, (_, u) => u).sort((a, b) => key[a] - key[b] || first[b] - first[a]);
  const removed = new Uint8Array(U);
  const pos = new Int32Array(U);
  order.forEach((u, k) => (pos[u] = k));

  const blankLine = new Uint8Array(nLines);
  // Whitespace only (a line inside a multi-line string or comment starts no token but is not blank).
  for (let l = 0; l < nLines; l++) blankLine[l] = /^\s*$/.test(text.slice(lineStart[l], Math.min(lineStart[l + 1], text.length))) ? 1 : 0;
  const codeLine = new Uint8Array(nLines); // a line of a code unit (its removal leaves a ⋯)
  for (let l = 0; l < nLines; l++) if (owner[l] >= 0 && !blankLine[l] && !comment[owner[l]]) codeLine[l] = 1;

  const render = (): string => {
    const out: string[] = [];
    let pendingBlank = false;
    let emitted = false;
    let run = -2; // kept parent of the current removed run (-2: none)
    let marked = false;
    for (let l = 0; l < nLines; l++) {
      let u = owner[l];
      const gone = u >= 0 && removed[u] === 1;
      if (blankLine[l]) {
        if (!gone && emitted) pendingBlank = true;
        continue;
      }
      if (!gone) {
        if (pendingBlank) out.push(lineBreakOf(l - 1));
        pendingBlank = false;
        out.push(text.slice(lineStart[l], lineStart[l + 1]));
        run = -2;
        emitted = true;
        continue;
      }
      while (parent[u] >= 0 && removed[parent[u]]) u = parent[u];
      if (parent[u] !== run) {
        run = parent[u];
        marked = false;
      }
      if (!marked && codeLine[l]) {
        if (pendingBlank) out.push(lineBreakOf(l - 1));
        pendingBlank = false;
        out.push(indentOf(l), ELISION, lineBreakOf(l));
        marked = true;
        emitted = true;
      }
    }
    let s = out.join('');
    if (!text.endsWith('\n') && s.endsWith('\n')) s = s.slice(0, s.endsWith('\r\n') ? -2 : -1);
    return s;
  };
  const indentOf = (l: number) => /^[ \t]*/.exec(text.slice(lineStart[l], lineStart[l + 1]))![0];
  const lineBreakOf = (l: number) => {
    if (l < 0) return '\n';
    const e = lineStart[l + 1] - 1;
    return e > 0 && e <= text.length && text.charCodeAt(e - 1) === 13 ? '\r\n' : '\n';
  };

  const setPrefix = (k: number) => {
    for (let u = 0; u < U; u++) removed[u] = pos[u] < k ? 1 : 0;
  };
  const fit = fitToBudget({
    costs: order.map((u) => ownCost[u]),
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
  let tokens = fit.tokens;
  let best = fit.text;
  const floor = budgetFloor(budget);

  // Fill (the fit stops at the first unit that makes it fit, which may land far under the budget):
  // put back removed units whose parent is kept, most valuable first, while they fit; then swaps
  // (put back one unit, remove kept leaves that pay for it, lowest value first). Comments are not put back while
  // code is removed. Every step is confirmed by an exact count.
  let anyCode = false;
  for (let u = 0; u < U; u++) if (removed[u] && !comment[u]) anyCode = true;
  const restorable = (u: number) => removed[u] === 1 && (parent[u] < 0 || !removed[parent[u]]) && !(anyCode && comment[u]);
  const hasKeptChild = new Int32Array(U);
  const recountChildren = () => {
    hasKeptChild.fill(0);
    for (let u = 0; u < U; u++) if (!removed[u] && parent[u] >= 0) hasKeptChild[parent[u]]++;
  };
  let probes = 0;
  const MAX_PROBES = 40;
  const bestRemoved = removed.slice();
  const tryState = (): boolean => {
    probes++;
    const s = render();
    const t = count(s);
    if (t <= budget && t > tokens) {
      tokens = t;
      best = s;
      bestRemoved.set(removed);
      return true;
    }
    return false;
  };
  const failed = new Uint8Array(U);
  for (let round = 0; round < 12 && tokens < floor && probes < MAX_PROBES; round++) {
    throwIfAborted(signal);
    const slack = budget - tokens;
    const added: number[][] = [];
    let est = 0;
    for (let k = U - 1; k >= 0; k--) {
      const u = order[k];
      if (!removed[u] || failed[u] || (anyCode && comment[u])) continue;
      // Putting a unit back puts back its removed ancestors too.
      let c = 0;
      for (let a = u; a >= 0 && removed[a]; a = parent[a]) c += ownCost[a];
      if (!restorable(u)) c += 1.5;
      if (est + c > slack) continue;
      const chain: number[] = [];
      for (let a = u; a >= 0 && removed[a]; a = parent[a]) {
        removed[a] = 0;
        chain.push(a);
      }
      added.push(chain);
      est += c;
    }
    if (!added.length) break;
    while (added.length && !tryState() && probes < MAX_PROBES) {
      const chain = added.pop()!;
      failed[chain[0]] = 1;
      for (const a of chain) removed[a] = 1;
    }
  }
  while (tokens < floor && probes < MAX_PROBES) {
    throwIfAborted(signal);
    recountChildren();
    const slack = budget - tokens;
    const window = budget - floor;
    // The cheapest restorable unit too large for the slack, and a kept leaf that pays for it.
    let done = false;
    const ups = order.filter((u) => restorable(u) && ownCost[u] > slack).sort((a, b) => ownCost[a] - ownCost[b]);
    for (const r of ups.slice(0, 6)) {
      const need = ownCost[r] - slack;
      // Kept leaves, lowest value first, that together pay for r without overshooting.
      const qs: number[] = [];
      let paid = 0;
      for (let k = 0; k < U && paid < need - 1; k++) {
        const u = order[k];
        if (removed[u] || hasKeptChild[u] || u === parent[r]) continue;
        if (paid + ownCost[u] > need + window + 1) continue;
        qs.push(u);
        paid += ownCost[u];
      }
      if (paid < need - 1) continue;
      removed[r] = 0;
      for (const q of qs) removed[q] = 1;
      if (tryState()) {
        done = true;
        break;
      }
      removed[r] = 1;
      for (const q of qs) removed[q] = 0;
      if (probes >= MAX_PROBES) break;
    }
    if (!done) break;
  }
  removed.set(bestRemoved);
  const kept = new Uint8Array(tok.n);
  for (let l = 0; l < nLines; l++) {
    const u = owner[l];
    const k = u < 0 || !removed[u] ? 1 : 0;
    for (let i = lineTok[l]; i < lineTok[l + 1]; i++) kept[i] = k;
  }
  let nRemoved = 0;
  for (let u = 0; u < U; u++) nRemoved += removed[u];
  const notes: string[] = [];
  if (tokens < floor) notes.push(`whole statements only: the closest fit is ${tokens} tokens for a budget of ${budget}`);
  return { text: best, tokens, kept, removed: nRemoved, units: U, notes };
}
