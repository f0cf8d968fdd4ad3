/**
 * The coarse step: when the budget is below what removing the preset's low-value classes reaches,
 * whole function bodies are elided to `⋯` (signatures stay), least relevant to the question first.
 */
import type { Region, Tokens } from './buffer';
import { C } from './classes';
import type { TokenStats } from './order';

/** Words of a request about code that name no code (task verbs like fix/add/get included; not the prose lexicon). */
export const STOPWORDS = new Set(
  'the a an and or of to in on for with by is are was be this that it its how what why where when which who does do can should would could from into at as not no get set use using my your our me we you i please fix add make there their them then than also'.split(
    ' ',
  ),
);

/** Subwords of identifiers and questions: camelCase, snake_case, digits; lower case, plural -s dropped. */
export function subwords(s: string): string[] {
  const out: string[] = [];
  for (const w of s
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 2) continue;
    out.push(w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  }
  return out;
}

const IDENT_BITS = (1 << C.Identifier) | (1 << C.Invocation);

/**
 * Function bodies ordered least relevant first. Relevance = overlap of the question's subwords
 * with the function's name (×3) and the identifiers in its signature and body (×1). Ties (and no
 * question): fewer references to the function's name first, then larger bodies, then later ones.
 */
function rankRegions(text: string, tok: Tokens, regions: Region[], textIds: Int32Array, freq: Int32Array, question?: string): Region[] {
  const terms = question ? [...new Set(subwords(question))].filter((w) => !STOPWORDS.has(w)) : [];
  const scored = regions.map((r, index) => {
    let name = -1;
    for (let j = r.declStart; j < r.innerStart; j++) {
      if (text.charCodeAt(tok.start[j]) === 40 /* ( */ && name >= 0) break;
      if (tok.mask[j] & (1 << C.Identifier)) name = j;
    }
    let score = 0;
    if (terms.length) {
      const nameWords = new Set(name >= 0 ? subwords(text.slice(tok.start[name], tok.end[name])) : []);
      const words = new Set<string>();
      for (let j = r.declStart; j < r.innerEnd; j++) {
        if (tok.mask[j] & IDENT_BITS) for (const w of subwords(text.slice(tok.start[j], tok.end[j]))) words.add(w);
      }
      for (const q of terms) score += (nameWords.has(q) ? 3 : 0) + (words.has(q) ? 1 : 0);
    }
    const refs = name >= 0 ? freq[textIds[name]] - 1 : 0;
    return { r, index, score, refs, size: tok.end[r.innerEnd - 1] - tok.start[r.innerStart] };
  });
  scored.sort((a, b) => a.score - b.score || a.refs - b.refs || b.size - a.size || b.index - a.index);
  return scored.map((s) => s.r);
}

/**
 * The bodies to elide, in elision order, chosen on estimated costs: least relevant first until removing
 * the low-value classes (the first `lowValue` preset steps) would reach the budget. The most relevant
 * body always stays; a body whose elision alone would fall below the budget is skipped (the fit must end
 * among single tokens). The caller confirms the choice with exact counts.
 */
export function chooseElisions(text: string, tok: Tokens, stats: TokenStats, lowValue: number, budget: number, question?: string): Region[] {
  const { eff, rank, cost, original } = stats;
  const n = tok.n;
  const elided = new Uint8Array(n);
  const plan: Region[] = [];
  const regions = tok.regions.filter((r) => r.innerEnd - r.innerStart >= 3);
  if (regions.length <= 1 || budget >= original) return plan;
  let low = 0;
  for (let i = 0; i < n; i++) if (rank[eff[i]] < lowValue) low += cost[i];
  let full = original;
  let afterLow = original - low;
  if (afterLow <= budget) return plan;
  const ranked = rankRegions(text, tok, regions, stats.textIds, stats.freq, question);
  ranked.pop(); // the most relevant body always stays
  for (const r of ranked) {
    if (afterLow <= budget) break;
    let rf = 0;
    let rl = 0;
    for (let j = r.innerStart; j < r.innerEnd; j++) {
      if (elided[j]) continue;
      const c = cost[j];
      rf += c;
      if (rank[eff[j]] >= lowValue) rl += c;
    }
    // Skip a body whose elision alone would fall below the budget: the fit must end in fine units.
    if (rf < 4 || full - rf + 1 < budget * 1.03) continue;
    for (let j = r.innerStart; j < r.innerEnd; j++) elided[j] = 1;
    full -= rf - 1;
    afterLow -= rl - 1;
    plan.push(r);
  }
  return plan;
}
