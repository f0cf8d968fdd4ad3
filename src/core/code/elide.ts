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
import type { Tokens } from './buffer';
import { C, N_CLASSES } from './classes';
import type { TokenStats } from './order';
import { lineTokens, lineTypeValues, renderElided } from './lines';
import { unitRelevance } from './relevance';
import type { Units } from './statements';

export interface ElisionResult {
  text: string;
  tokens: number;
  /** Kept flag of each token. */
  kept: Uint8Array;
  /** Units removed, and the units there are. */
  removed: number;
  /** 1 = the line is removed (its unit is). */
  removedLines: Uint8Array;
  units: number;
  notes: string[];
}

const COMMENTISH = (1 << C.Comment) | (1 << C.Docstring);
const IMPORT = 1 << C.Import;

/** The least a result may fall under the budget: 5%, or one token on small budgets. */
export function budgetFloor(budget: number): number {
  return Math.min(Math.floor(budget * 0.95), budget - 1);
}

export interface StatementPlan {
  /** The whole-statement result (undefined: none meets the budget). */
  result?: ElisionResult;
  /** Value of each line for the line-level fallback (lines.ts): its unit's value blended with its type value. */
  lineValue: Float64Array;
  lineTok: Int32Array;
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
): StatementPlan {
  const U = units.n;
  const { first, last, parent, owner, lineStart } = units;
  const nLines = lineStart.length - 1;
  if (U === 0) {
    const lineTok = lineTokens(tok, lineStart);
    return { lineValue: lineTypeValues(tok, stats, lineTok), lineTok };
  }
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
  // Line values (the line-level fallback); comment lines lowest.
  const lineValue = lineTypeValues(tok, stats, lineTok);
  for (let l = 0; l < nLines; l++) {
    const u = owner[l];
    const tv = lineValue[l];
    if (tv < 0) continue;
    if (u >= 0 && comment[u]) continue;
    // Lines of a unit go by its value and their place: its first line (the head) first, then in order (a long
    // literal or a long JSX block keeps a prefix); lines no unit covers by their type value.
    lineValue[l] = u < 0 ? 0.6 * 0.9 + 0.4 * tv : key[u] + (l === first[u] ? 0.1 : -1e-5 * (l - first[u]));
  }

  // Steps in removal order: a compound statement with its parts is one step (a group), every other unit
  // its own; lowest value first, ties later first.
  const head = new Int32Array(U);
  for (let u = 0; u < U; u++) head[u] = inherited[u] ? head[parent[u]] : u;
  const members: number[][] = Array.from({ length: U }, () => []);
  const groupCost = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    members[head[u]].push(u);
    groupCost[head[u]] += ownCost[u];
  }
  const steps: number[] = [];
  for (let u = 0; u < U; u++) if (head[u] === u) steps.push(u);
  steps.sort((a, b) => key[a] - key[b] || first[b] - first[a]);
  const removed = new Uint8Array(U);
  const pos = new Int32Array(U);
  steps.forEach((h, k) => (pos[h] = k));

  const blankLine = new Uint8Array(nLines);
  // Whitespace only (a line inside a multi-line string or comment starts no token but is not blank).
  for (let l = 0; l < nLines; l++) blankLine[l] = /^\s*$/.test(text.slice(lineStart[l], Math.min(lineStart[l + 1], text.length))) ? 1 : 0;
  const codeLine = new Uint8Array(nLines); // a line of a code unit (its removal leaves a ⋯)
  for (let l = 0; l < nLines; l++) if (owner[l] >= 0 && !blankLine[l] && !comment[owner[l]]) codeLine[l] = 1;

  const render = (): string =>
    renderElided(text, lineStart, {
      blank: (l) => blankLine[l] === 1,
      removed: (l) => owner[l] >= 0 && removed[owner[l]] === 1,
      // one ⋯ per removed run under the same kept parent
      run: (l) => {
        let u = owner[l];
        while (parent[u] >= 0 && removed[parent[u]]) u = parent[u];
        return parent[u];
      },
      code: (l) => codeLine[l] === 1,
    });

  const setPrefix = (k: number) => {
    for (let u = 0; u < U; u++) removed[u] = pos[head[u]] < k ? 1 : 0;
  };
  const fit = fitToBudget({
    costs: steps.map((h) => groupCost[h]),
    render: (k) => {
      setPrefix(k);
      return render();
    },
    count,
    budget,
    signal,
  });
  if (!fit.met) return { lineValue, lineTok };
  setPrefix(fit.k);
  let tokens = fit.tokens;
  let best = fit.text;
  const floor = budgetFloor(budget);

  // Fill (the fit stops at the first step that makes it fit, which may land far under the budget): put
  // back removed groups, most valuable first, with their removed ancestors, while they fit; then swaps
  // (put back one group, remove kept leaf groups that pay for it, lowest value first). Comments are not
  // put back while code is removed. Every step is confirmed by an exact count.
  let anyCode = false;
  for (let u = 0; u < U; u++) if (removed[u] && !comment[u]) anyCode = true;
  const setGroup = (h: number, v: number) => {
    for (const m of members[h]) removed[m] = v;
  };
  /** The group h and the groups of its removed ancestors (what putting h back puts back). */
  const chainOf = (h: number): number[] => {
    const chain = [h];
    for (let a = parent[h]; a >= 0 && removed[a]; a = parent[head[a]]) chain.push(head[a]);
    return chain;
  };
  const keptChildren = new Int32Array(U);
  const recountChildren = () => {
    keptChildren.fill(0);
    for (let u = 0; u < U; u++) if (!removed[u] && parent[u] >= 0 && head[u] !== head[parent[u]]) keptChildren[head[parent[u]]]++;
  };
  let probes = 0;
  const MAX_PROBES = 48;
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
    for (let k = steps.length - 1; k >= 0; k--) {
      const h = steps[k];
      if (!removed[h] || failed[h] || (anyCode && comment[h])) continue;
      const chain = chainOf(h);
      let c = chain.length > 1 ? 1.5 : 0;
      for (const g of chain) c += groupCost[g];
      if (est + c > slack) continue;
      for (const g of chain) setGroup(g, 0);
      added.push(chain);
      est += c;
    }
    if (!added.length) break;
    while (added.length && !tryState() && probes < MAX_PROBES) {
      const chain = added.pop()!;
      failed[chain[0]] = 1;
      for (const g of chain) setGroup(g, 1);
    }
  }
  while (tokens < floor && probes < MAX_PROBES) {
    throwIfAborted(signal);
    recountChildren();
    const slack = budget - tokens;
    const window = budget - floor;
    let done = false;
    const ups = steps
      .filter((h) => removed[h] && (parent[h] < 0 || !removed[parent[h]]) && !(anyCode && comment[h]) && groupCost[h] > slack)
      .sort((a, b) => groupCost[a] - groupCost[b]);
    const pay = (need: number, r: number): number[] => {
      // Kept leaf groups, lowest value first, that together pay `need` without overshooting.
      const qs: number[] = [];
      let paid = 0;
      for (let k = 0; k < steps.length && paid < need; k++) {
        const h = steps[k];
        if (removed[h] || keptChildren[h] || h === r || (parent[r] >= 0 && h === head[parent[r]])) continue;
        if (paid + groupCost[h] > need + window) continue;
        qs.push(h);
        paid += groupCost[h];
      }
      return paid >= need ? qs : [];
    };
    for (const r of ups.slice(0, 6)) {
      if (probes >= MAX_PROBES) break;
      setGroup(r, 0);
      probes++;
      const over = count(render()) - budget; // exact: what the leaves must pay
      const qs = over > 0 ? pay(over, r) : [];
      if (over > 0 && qs.length === 0) {
        setGroup(r, 1);
        continue;
      }
      for (const q of qs) setGroup(q, 1);
      if (tryState()) {
        done = true;
        break;
      }
      for (const q of qs) setGroup(q, 0);
      setGroup(r, 1);
    }
    if (!done) break;
  }
  // Still short: single parts of compound statements, with their removed ancestors (the compound's
  // header comes back with the part; the rest of its body stays a ⋯).
  const failedPart = new Uint8Array(U);
  for (let round = 0; round < 12 && tokens < floor && probes < MAX_PROBES; round++) {
    throwIfAborted(signal);
    removed.set(bestRemoved);
    const slack = budget - tokens;
    const added: number[][] = [];
    let est = 0;
    for (let k = steps.length - 1; k >= 0; k--) {
      for (const u of members[steps[k]]) {
        if (!removed[u] || failedPart[u] || comment[u] || whole(u)) continue;
        const chain: number[] = [];
        let c = 1.5;
        for (let a = u; a >= 0 && removed[a]; a = parent[a]) {
          chain.push(a);
          c += ownCost[a];
        }
        if (est + c > slack) continue;
        for (const a of chain) removed[a] = 0;
        added.push(chain);
        est += c;
      }
    }
    if (!added.length) break;
    while (added.length && !tryState() && probes < MAX_PROBES) {
      const chain = added.pop()!;
      failedPart[chain[0]] = 1;
      for (const a of chain) removed[a] = 1;
    }
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
  const removedLines = new Uint8Array(nLines);
  for (let l = 0; l < nLines; l++) removedLines[l] = owner[l] >= 0 && removed[owner[l]] ? 1 : 0;
  return { result: { text: best, tokens, kept, removed: nRemoved, units: U, notes, removedLines }, lineValue, lineTok };
}
