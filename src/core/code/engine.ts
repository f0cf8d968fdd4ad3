/**
 * The code engine: classify → prioritise (preset order, frequency, position) → coarse elision of
 * function bodies when the budget is tight → exact budget fit (fitToBudget) → render.
 */
import { fitToBudget, type FitResult } from '../budget/fit';
import type { CodeEngineRequest } from '../engines';
import { throwIfAborted } from '../errors';
import type { EngineOutput, PresetName, Span } from '../types';
import { C, CLASSES, N_CLASSES, publicType } from './classes';
import { languageRow } from './languages';
import { loadLanguage } from './parser';
import { PRESET_ORDERS, presetEffectiveTable, presetRanks } from './presets';
import { layout, renderRemoved, type RenderPlan } from './render';
import { lexicalTokens, type Region, type Tokens } from './buffer';
import { parseTokens } from './tokens';

export interface Classified {
  tokens: Tokens;
  notes: string[];
  /** Language actually used (undefined = lexical fallback). */
  language?: string;
}

/** Tokens and type masks for `text`; never throws (falls back to the lexical tokenizer with a note). */
export async function classify(text: string, language: string | undefined): Promise<Classified> {
  const row = languageRow(language);
  if (!row) {
    const notes = [language === undefined ? 'unknown language: lexical fallback' : `unsupported language "${language}": lexical fallback`];
    return { tokens: lexicalTokens(text), notes };
  }
  try {
    const { parser, lang, wasm } = await loadLanguage(row);
    parser.setLanguage(lang.language);
    const r = parseTokens(parser, text, lang.tables, wasm);
    if (r.tokens) return { tokens: r.tokens, notes: [], language: row.id };
    return { tokens: lexicalTokens(text), notes: [`${row.id}: parsing failed (${r.error}): lexical fallback`] };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { tokens: lexicalTokens(text), notes: [`${row.id}: grammar unavailable (${why}): lexical fallback`] };
  }
}

const STOPWORDS = new Set(
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

const FREQ_BITS = 2 ** 24;
/** Slots per interned text in the (text, class) frequency table (classes < 16). */
const CLASS_SLOTS = 16;
const N_STEPS = N_CLASSES;
/** Public type name of each class (module-local: no cross-module reads per token). */
const PUBLIC_TYPES = CLASSES.map((_, i) => publicType(i));

/**
 * Interns the tokens' texts without slicing repeats: an open-addressing hash table over the
 * characters of each token (FNV-1a), compared against the first occurrence. Ids are assigned in
 * order of first occurrence; `texts[id]` is that text.
 */
function internTokens(text: string, tok: Tokens): { textIds: Int32Array; texts: string[] } {
  const n = tok.n;
  const { start, end } = tok;
  const textIds = new Int32Array(n);
  const texts: string[] = [];
  let size = 64;
  while (size < n * 2) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1); // text id
  const firstTok: number[] = []; // first token of each text id
  for (let i = 0; i < n; i++) {
    const s = start[i];
    const e = end[i];
    let h = 0x811c9dc5;
    for (let j = s; j < e; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const id = slots[slot];
      if (id < 0) {
        const nid = texts.length;
        slots[slot] = nid;
        texts.push(text.slice(s, e));
        firstTok.push(i);
        textIds[i] = nid;
        break;
      }
      const f = firstTok[id];
      const fs = start[f];
      const len = e - s;
      if (end[f] - fs === len) {
        let j = 0;
        while (j < len && text.charCodeAt(fs + j) === text.charCodeAt(s + j)) j++;
        if (j === len) {
          textIds[i] = id;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  return { textIds, texts };
}

export async function compressCode(req: CodeEngineRequest): Promise<EngineOutput> {
  const { text } = req;
  throwIfAborted(req.signal);
  const { tokens: tok, notes, language } = await classify(text, req.language);
  throwIfAborted(req.signal);
  const n = tok.n;
  if (n === 0) {
    const keep = req.count(text) <= req.budget;
    const compressed = keep ? text : '';
    return { compressed, spans: [], compressedTokens: req.count(compressed), notes, language };
  }
  const preset: PresetName = PRESET_ORDERS[req.preset] ? req.preset : 'context';
  const rank = presetRanks(preset);
  const spec = PRESET_ORDERS[preset];

  // Effective class, interned text and estimated token cost of every token.
  const effOf = presetEffectiveTable(preset);
  const eff = new Uint8Array(n);
  const { textIds, texts } = internTokens(text, tok);
  for (let i = 0; i < n; i++) eff[i] = effOf[tok.mask[i]];
  const textCost = new Float64Array(texts.length);
  for (let t = 0; t < texts.length; t++) textCost[t] = Math.max(1, req.count(texts[t]));
  const original = req.count(text);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += textCost[textIds[i]];
  const scale = sum > 0 ? original / sum : 1;
  const cost = (i: number) => textCost[textIds[i]] * scale;
  // Frequency of each text (all tokens), and within each class (for the within-type order).
  const freq = new Int32Array(texts.length);
  for (let i = 0; i < n; i++) freq[textIds[i]]++;
  throwIfAborted(req.signal);

  // Coarse step: elide function bodies when the budget is below what dropping the low-value classes reaches.
  const elided = new Uint8Array(n);
  const plan: Region[] = [];
  const regions = tok.regions.filter((r) => r.innerEnd - r.innerStart >= 3);
  if (regions.length > 1 && req.budget < original) {
    let low = 0;
    for (let i = 0; i < n; i++) if (rank[eff[i]] < spec.lowValue) low += cost(i);
    let full = original;
    let afterLow = original - low;
    if (afterLow > req.budget) {
      const ranked = rankRegions(text, tok, regions, textIds, freq, req.question?.trim() || undefined);
      ranked.pop(); // the most relevant body always stays
      for (const r of ranked) {
        if (afterLow <= req.budget) break;
        let rf = 0;
        let rl = 0;
        for (let j = r.innerStart; j < r.innerEnd; j++) {
          if (elided[j]) continue;
          const c = cost(j);
          rf += c;
          if (rank[eff[j]] >= spec.lowValue) rl += c;
        }
        // Skip a body whose elision alone would fall below the budget: the fit must end in fine units.
        if (rf < 4 || full - rf + 1 < req.budget * 1.03) continue;
        for (let j = r.innerStart; j < r.innerEnd; j++) elided[j] = 1;
        full -= rf - 1;
        afterLow -= rl - 1;
        plan.push(r);
      }
    }
  }

  // Removal order: elisions, then every other token by (preset step, more frequent first, later first).
  const lay = layout(text, tok);
  const count = (s: string) => (s === text ? original : req.count(s));
  let order = buildOrder(plan);
  let renderPlan: RenderPlan = { text, tok, lay, removedAt: order.removedAt, elisions: plan.map((region, unit) => ({ region, unit })) };
  // The estimates chose the elisions; the exact count confirms them: with every chosen body
  // elided the text must still exceed the budget, so that the fit ends among single tokens.
  while (plan.length > 0 && count(renderRemoved(renderPlan, plan.length)) <= req.budget) {
    plan.pop();
    order = buildOrder(plan);
    renderPlan = { text, tok, lay, removedAt: order.removedAt, elisions: plan.map((region, unit) => ({ region, unit })) };
  }
  const { removedAt, costs } = order;
  const fineOrder = order.order;
  const m = plan.length;
  const units = m + fineOrder.length;
  throwIfAborted(req.signal);

  function buildOrder(elisions: Region[]) {
    const m = elisions.length;
    const removedAt = new Int32Array(n).fill(0x7fffffff);
    const costs = new Float64Array(n + m);
    elisions.forEach((r, u) => {
      let c = -1;
      for (let j = r.innerStart; j < r.innerEnd; j++) {
        if (removedAt[j] === 0x7fffffff) {
          removedAt[j] = u;
          c += cost(j);
        }
      }
      costs[u] = Math.max(0, c);
    });
    // Fine units sorted by key (preset step, more frequent in its class first, later first): a counting
    // sort on (step, frequency), visiting tokens from the last so that later ones come first.
    const nTexts = texts.length;
    const classFreq = new Int32Array(nTexts * CLASS_SLOTS);
    let fine = 0;
    for (let i = 0; i < n; i++) {
      if (removedAt[i] !== 0x7fffffff) continue;
      fine++;
      classFreq[textIds[i] * CLASS_SLOTS + eff[i]]++;
    }
    let maxF = 0;
    for (let g = 0; g < classFreq.length; g++) if (classFreq[g] > maxF) maxF = classFreq[g];
    maxF = Math.min(maxF, FREQ_BITS - 1);
    const width = maxF + 1;
    const bucketOf = new Int32Array(n);
    const start = new Int32Array(N_STEPS * width + 1);
    for (let i = 0; i < n; i++) {
      if (removedAt[i] !== 0x7fffffff) continue;
      const f = Math.min(classFreq[textIds[i] * CLASS_SLOTS + eff[i]], FREQ_BITS - 1);
      const b = rank[eff[i]] * width + (maxF - f);
      bucketOf[i] = b;
      start[b + 1]++;
    }
    for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
    const order = new Int32Array(fine);
    for (let i = n - 1; i >= 0; i--) {
      if (removedAt[i] !== 0x7fffffff) continue;
      order[start[bucketOf[i]]++] = i;
    }
    for (let u = 0; u < fine; u++) {
      const i = order[u];
      removedAt[i] = m + u;
      costs[m + u] = cost(i);
    }
    return { removedAt, costs, order };
  }

  let fit = fitToBudget({
    costs: costs.subarray(0, units) as unknown as number[],
    render: (k) => (k === 0 ? text : renderRemoved(renderPlan, k)),
    count,
    budget: req.budget,
    signal: req.signal,
  });
  fit = refineUndershoot(fit, req.budget, m, fineOrder, removedAt, (k) => renderRemoved(renderPlan, k), count, eff, req.signal);
  if (!fit.met) notes.push(`budget of ${req.budget} tokens could not be met (${fit.tokens} tokens left)`);
  if (fit.k > 0 && fit.k <= m) notes.push(`elided ${fit.k} function bod${fit.k === 1 ? 'y' : 'ies'}`);
  else if (fit.k > m && m > 0) notes.push(`elided ${m} function bod${m === 1 ? 'y' : 'ies'}`);

  const spans: Span[] = new Array(n);
  const typeName = PUBLIC_TYPES;
  const { start, end } = tok;
  const k = fit.k;
  for (let i = 0; i < n; i++) {
    spans[i] = { start: start[i], end: end[i], kept: removedAt[i] >= k, type: typeName[eff[i]] };
  }
  return { compressed: fit.text, spans, compressedTokens: fit.tokens, notes, language };
}

/**
 * fitToBudget stops at the first k that fits; when the unit at the boundary is worth several
 * tokens (e.g. `VAR_3` = 3 tokens) that can land more than 5% under the budget. Then we keep that
 * unit and instead remove the following units OF THE SAME CLASS, greedily, until the result is
 * within [95%, 100%] of the budget: the preset's class order is untouched, only the within-class
 * order bends at the boundary.
 */
function refineUndershoot(
  fit: FitResult,
  budget: number,
  m: number,
  fineOrder: Int32Array,
  removedAt: Int32Array,
  render: (k: number) => string,
  count: (s: string) => number,
  eff: Uint8Array,
  signal?: AbortSignal,
): FitResult {
  const floor = Math.floor(budget * 0.95);
  if (!fit.met || fit.tokens >= floor || fit.k <= m) return fit;
  const tokenOf = (u: number) => fineOrder[u - m];
  const NEVER = 0x7fffffff;
  const boundary = fit.k - 1;
  const cls = eff[tokenOf(boundary)];
  // Candidate units: the boundary and the next units of the same class.
  const candidates: number[] = [];
  for (let u = boundary; u < m + fineOrder.length && candidates.length < 24; u++) {
    if (eff[tokenOf(u)] !== cls) break;
    candidates.push(u);
  }
  const saved = candidates.map((u) => removedAt[tokenOf(u)]);
  const last = candidates[candidates.length - 1];
  // Work with k = last + 1; units in candidates are removed only if chosen.
  for (const u of candidates) removedAt[tokenOf(u)] = NEVER;
  let best: FitResult | undefined;
  for (const u of candidates) {
    throwIfAborted(signal);
    removedAt[tokenOf(u)] = u;
    const text = render(last + 1);
    const tokens = count(text);
    if (tokens <= budget) {
      if (tokens >= floor) {
        best = { k: last + 1, text, tokens, met: true };
        break;
      }
      removedAt[tokenOf(u)] = NEVER; // overshoots downwards: keep this one
    }
  }
  if (best) return best;
  candidates.forEach((u, i) => (removedAt[tokenOf(u)] = saved[i]));
  return fit;
}

