/**
 * The code engine, as a pipeline: tokens (classify) → removal order (order.ts, with function bodies
 * elided first when the budget is tight: bodies.ts) → exact fit (fit.ts) → render (render.ts) and spans.
 */
import type { CodeEngineRequest } from '../engines';
import { throwIfAborted } from '../errors';
import { ELISION } from '../faithfulness';
import type { EngineOutput, PresetName, Span } from '../types';
import { chooseElisions } from './bodies';
import { lexicalTokens, type Region, type Tokens } from './buffer';
import { CLASSES, publicType } from './classes';
import { budgetFloor, elideStatements } from './elide';
import { elideLines, lineTokens, lineTypeValues } from './lines';
import { fitOrder } from './fit';
import { languageRow } from './languages';
import { removalOrder, tokenStats, type RemovalOrder, type TokenStats } from './order';
import { loadLanguage } from './parser';
import { PRESET_ORDERS } from './presets';
import { layout, renderRemoved, type RenderPlan } from './render';
import { lineStarts, type Units } from './statements';
import { parseTokens } from './tokens';

export interface Classified {
  tokens: Tokens;
  notes: string[];
  /** Language actually used (undefined = lexical fallback). */
  language?: string;
  /** Statement units (with `withUnits` and a grammar). */
  units?: Units;
}

/** Tokens and type masks for `text`; never throws (falls back to the lexical tokenizer with a note). */
export async function classify(text: string, language: string | undefined, withUnits = false): Promise<Classified> {
  const row = languageRow(language);
  if (!row) {
    const notes = [language === undefined ? 'unknown language: lexical fallback' : `unsupported language "${language}": lexical fallback`];
    return { tokens: lexicalTokens(text), notes };
  }
  try {
    const { parser, lang, wasm } = await loadLanguage(row);
    parser.setLanguage(lang.language);
    const r = parseTokens(parser, text, lang.tables, wasm, withUnits);
    if (r.tokens) return { tokens: r.tokens, notes: [], language: row.id, units: r.units };
    return { tokens: lexicalTokens(text), notes: [`${row.id}: parsing failed (${r.error}): lexical fallback`] };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { tokens: lexicalTokens(text), notes: [`${row.id}: grammar unavailable (${why}): lexical fallback`] };
  }
}

/** Public type name of each class (module-local: no cross-module reads per token). */
const PUBLIC_TYPES = CLASSES.map((_, i) => publicType(i));

export async function compressCode(req: CodeEngineRequest): Promise<EngineOutput> {
  const { text, budget, signal } = req;
  throwIfAborted(signal);
  const preset: PresetName = PRESET_ORDERS[req.preset] ? req.preset : 'context';
  const statementLevel = PRESET_ORDERS[preset].granularity === 'statement';
  const { tokens: tok, notes, language, units } = await classify(text, req.language, statementLevel);
  throwIfAborted(signal);
  const n = tok.n;
  if (n === 0) {
    const keep = req.count(text) <= budget;
    const compressed = keep ? text : '';
    return { compressed, spans: [], compressedTokens: req.count(compressed), notes, language };
  }
  const stats = tokenStats(text, tok, preset, req.count);
  throwIfAborted(signal);
  const count = (s: string) => (s === text ? stats.original : req.count(s));
  const question = req.question?.trim() || undefined;

  if (!statementLevel || budget >= stats.original) return tokenLevel(req, preset, tok, stats, count, notes, language, question);
  const lineStart = units?.lineStart ?? lineStarts(text);
  const plan = units
    ? elideStatements(text, tok, stats, units, count, budget, question, signal)
    : { result: undefined, lineTok: lineTokens(tok, lineStart), lineValue: undefined as Float64Array | undefined };
  const r = plan.result;
  const verbatim = (text: string, tokens: number, kept: Uint8Array, extra: string[]): EngineOutput => {
    const spans: Span[] = new Array(n);
    for (let i = 0; i < n; i++) spans[i] = { start: tok.start[i], end: tok.end[i], kept: kept[i] === 1, type: PUBLIC_TYPES[stats.eff[i]] };
    const runs = countElisions(text) - countElisions(req.text);
    const summary = runs > 0 ? [`elided ${runs} run${runs === 1 ? '' : 's'} of whole lines (each marked ⋯)`] : [];
    return { compressed: text, spans, compressedTokens: tokens, notes: [...notes, ...extra, ...summary], language };
  };
  if (r && r.notes.length === 0) return verbatim(r.text, r.tokens, r.kept, r.notes);
  // Whole statements are too coarse for the budget (a few lines' selection, one huge statement): whole lines,
  // still verbatim, when they come closer. Token-level pruning only when not one whole line fits.
  const floor = budgetFloor(budget);
  const lineValue = plan.lineValue ?? lineTypeValues(tok, stats, plan.lineTok);
  // First the statement-level result with lines of its removed units put back (heads of definitions, a long literal's
  // first lines: the structure stays); short of the contract, whole lines from scratch.
  let L = r
    ? elideLines(text, tok, stats, lineStart, plan.lineTok, lineValue.slice(), count, budget, signal, {
        removed: r.removedLines,
        text: r.text,
        tokens: r.tokens,
      })
    : undefined;
  if (!L || L.tokens < floor) {
    const scratch = elideLines(text, tok, stats, lineStart, plan.lineTok, lineValue, count, budget, signal);
    if (scratch && (!L || scratch.tokens > L.tokens)) L = scratch;
  }
  if (L && L.codeLines > 0 && (!r || L.tokens > r.tokens)) {
    const why = units
      ? 'whole statements do not fit the budget closely: whole lines (a statement may lose lines, marked ⋯)'
      : 'no statement structure: whole lines';
    const short = L.tokens < floor ? [`whole lines only: the closest fit is ${L.tokens} tokens for a budget of ${budget}`] : [];
    return verbatim(L.text, L.tokens, L.kept, [why, ...short]);
  }
  if (r && r.kept.includes(1) && (r.tokens >= budget / 2 || L?.codeLines)) return verbatim(r.text, r.tokens, r.kept, r.notes);
  const t = tokenLevel(req, preset, tok, stats, count, [...notes, 'not one whole line fits the budget: token-level pruning'], language, question);
  return t;
}

const countElisions = (s: string) => s.split(ELISION).length - 1;

/** The paper's token-level pruning (with the coarse body elision first when the budget is tight). */
function tokenLevel(
  req: CodeEngineRequest,
  preset: PresetName,
  tok: Tokens,
  stats: TokenStats,
  count: (s: string) => number,
  notes: string[],
  language: string | undefined,
  question: string | undefined,
): EngineOutput {
  const { text, budget, signal } = req;
  const n = tok.n;
  const elisions = chooseElisions(text, tok, stats, PRESET_ORDERS[preset].lowValue, budget, question);
  const { order, plan } = confirmElisions(text, tok, stats, elisions, count, budget);
  throwIfAborted(signal);

  const fit = fitOrder(order, plan, stats.eff, count, budget, signal);
  const m = plan.elisions.length;
  if (!fit.met) notes.push(`budget of ${budget} tokens could not be met (${fit.tokens} tokens left)`);
  if (fit.k > 0 && fit.k <= m) notes.push(`elided ${fit.k} function bod${fit.k === 1 ? 'y' : 'ies'}`);
  else if (fit.k > m && m > 0) notes.push(`elided ${m} function bod${m === 1 ? 'y' : 'ies'}`);

  const spans: Span[] = new Array(n);
  const typeName = PUBLIC_TYPES;
  const { start, end } = tok;
  const { removedAt } = order;
  const { eff } = stats;
  const k = fit.k;
  for (let i = 0; i < n; i++) {
    spans[i] = { start: start[i], end: end[i], kept: removedAt[i] >= k, type: typeName[eff[i]] };
  }
  return { compressed: fit.text, spans, compressedTokens: fit.tokens, notes, language };
}

/**
 * The removal order with `elisions` first. The estimates chose the elisions; the exact count confirms
 * them: with every chosen body elided the text must still exceed the budget, so that the fit ends among
 * single tokens (the last elisions are dropped until it does).
 */
function confirmElisions(
  text: string,
  tok: Tokens,
  stats: TokenStats,
  elisions: Region[],
  count: (s: string) => number,
  budget: number,
): { order: RemovalOrder; plan: RenderPlan } {
  const lay = layout(text, tok);
  for (;;) {
    const order = removalOrder(stats, elisions);
    const plan: RenderPlan = { text, tok, lay, removedAt: order.removedAt, elisions: elisions.map((region, unit) => ({ region, unit })) };
    if (elisions.length === 0 || count(renderRemoved(plan, elisions.length)) > budget) return { order, plan };
    elisions.pop();
  }
}
