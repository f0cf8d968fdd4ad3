/**
 * The one public entry: input + options → result with spans and stats.
 * Flow: validate → segment (prose / code / fences) → allocate the budget → engines → assemble.
 */
import { shareBudget } from './budget/allocate';
import { budgetTolerance, isBudgetNote, resolveBudget } from './budget/budget';
import { checkTokenizer, tokenCounter, type TokenCounter } from './budget/tokenizers';
import { compressCode, resolveLanguage } from './code';
import type { LanguageResolution } from './engines';
import { throwIfAborted } from './errors';
import { checkTextInput } from './input';
import { checkOptions } from './options';
import { splitFencedBlocks } from './segment/markdown';
import { compressText } from './text';
import { protectedTokens } from './text/facts';
import type { CompressOptions, CompressionResult, EngineOutput, SegmentKind, SegmentResult, Span, TokenizerName } from './types';

interface Piece {
  kind: SegmentKind;
  start: number;
  end: number;
  text: string;
  language?: string;
  tokens: number;
}

function languageNote(res: LanguageResolution): string | undefined {
  return res.unsupported ? `language "${res.unsupported}" is not supported: lexical fallback` : undefined;
}

/** Splits the input into the pieces each engine compresses; fence lines pass through. */
function plan(input: string, options: CompressOptions, count: TokenCounter, notes: string[]): Piece[] {
  const mode = options.mode ?? 'auto';
  const piece = (kind: SegmentKind, start: number, end: number, language?: string): Piece => {
    const text = input.slice(start, end);
    return { kind, start, end, text, language, tokens: count(text) };
  };
  const codeLanguage = (hints: Parameters<typeof resolveLanguage>[0]) => {
    const res = resolveLanguage(hints);
    const note = languageNote(res);
    if (note && !notes.includes(note)) notes.push(note);
    return res;
  };

  if (mode === 'text') return [piece('text', 0, input.length)];
  if (mode === 'code') {
    const res = codeLanguage({ language: options.language, filename: options.filename, text: input });
    return [piece('code', 0, input.length, res.id)];
  }
  // auto: an explicit language or a code file name means code.
  const explicit = codeLanguage({ language: options.language, filename: options.filename });
  if (explicit.id || explicit.unsupported) return [piece('code', 0, input.length, explicit.id)];

  const raw = splitFencedBlocks(input);
  if (!raw.some((s) => s.kind === 'code')) {
    const sniffed = resolveLanguage({ text: input });
    return [sniffed.id ? piece('code', 0, input.length, sniffed.id) : piece('text', 0, input.length)];
  }
  return raw.map((s) => {
    if (s.kind === 'fence') return piece('passthrough', s.start, s.end);
    if (s.kind === 'prose') return piece('text', s.start, s.end);
    const res = codeLanguage({ fenceTag: s.tag, text: input.slice(s.start, s.end) });
    return piece('code', s.start, s.end, res.id);
  });
}

function unchanged(p: Piece): EngineOutput {
  return { compressed: p.text, spans: [], compressedTokens: p.tokens, notes: [], language: p.language };
}

async function runEngine(p: Piece, budget: number, options: CompressOptions, count: TokenCounter, tokenizer: TokenizerName): Promise<EngineOutput> {
  if (p.kind === 'passthrough' || budget >= p.tokens) return unchanged(p);
  const base = { text: p.text, budget, count, tokenizer, question: options.question, signal: options.signal };
  if (p.kind === 'code') {
    return compressCode({ ...base, language: p.language, preset: options.preset ?? 'context' });
  }
  return compressText({ ...base, options });
}

/** Keeps segment boundaries on line starts: a piece that ended with a newline still does. */
function joinOutputs(pieces: Piece[], outputs: EngineOutput[]): string {
  let out = '';
  pieces.forEach((p, i) => {
    let text = outputs[i].compressed;
    const endsLine = /\r?\n$/.exec(p.text)?.[0];
    if (endsLine && text.length > 0 && !text.endsWith('\n') && i < pieces.length - 1) text += endsLine;
    out += text;
  });
  return out;
}

const CONTENT = /[\p{L}\p{N}]/u;

/** A prose piece's floor: its protected facts' tokens times this (room for the markers and words around them). */
const FACT_FLOOR = 1.2;

/** A fenced block whose body kept no letter or digit goes whole (fence lines and what is left): it would be debris. */
function dropEmptyFences(pieces: Piece[], outputs: EngineOutput[]): EngineOutput[] {
  const out = [...outputs];
  pieces.forEach((p, i) => {
    const open = pieces[i - 1];
    const close = pieces[i + 1];
    if (p.kind !== 'code' || open?.kind !== 'passthrough' || close?.kind !== 'passthrough') return;
    if (!CONTENT.test(p.text) || CONTENT.test(outputs[i].compressed)) return;
    for (const j of [i - 1, i + 1]) {
      const spans = passthroughSpans(pieces[j]).map((s) => ({ ...s, kept: false }));
      out[j] = { compressed: '', spans, compressedTokens: 0, notes: [] };
    }
    // What the body kept ("$", "⋯") goes too: without its fences it would be a debris line.
    out[i] = { ...outputs[i], compressed: '', compressedTokens: 0, spans: outputs[i].spans.map((s) => ({ ...s, kept: false })) };
  });
  return out;
}

/** Whole-input spans for pieces an engine did not touch. */
function passthroughSpans(p: Piece): Span[] {
  const spans: Span[] = [];
  const re = /\S+/g;
  for (let m = re.exec(p.text); m; m = re.exec(p.text)) spans.push({ start: m.index, end: m.index + m[0].length, kept: true });
  return spans;
}

/** Whitespace carries no content: the longest prefix of it that fits the budget (token counts grow with the prefix). */
function whitespacePrefix(input: string, budget: number, count: TokenCounter): string {
  let lo = 0;
  let hi = input.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(input.slice(0, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return input.slice(0, lo);
}

export async function compress(input: string, options: CompressOptions = {}): Promise<CompressionResult> {
  const started = performance.now();
  checkTextInput(input);
  checkOptions(options);
  const tokenizer = checkTokenizer(options.tokenizer);
  const count = tokenCounter(tokenizer);
  const originalTokens = count(input);
  const budget = resolveBudget(originalTokens, { rate: options.rate, targetTokens: options.targetTokens });
  return compressCounted(input, budget, originalTokens, options, count, tokenizer, started);
}

/**
 * Internal (compressFiles, packContext): compresses one input to an absolute budget in tokens, which the caller
 * has already shared out; `rate`/`targetTokens` in `options` are ignored. `originalTokens`: the input's count, when known.
 */
export async function compressToBudget(input: string, budget: number, options: CompressOptions = {}, originalTokens?: number): Promise<CompressionResult> {
  const started = performance.now();
  checkTextInput(input);
  checkOptions(options);
  const { rate: _rate, targetTokens: _target, ...rest } = options;
  const tokenizer = checkTokenizer(options.tokenizer);
  const count = tokenCounter(tokenizer);
  const total = originalTokens ?? count(input);
  return compressCounted(input, Math.max(0, Math.min(Math.floor(budget), total)), total, rest, count, tokenizer, started);
}

async function compressCounted(
  input: string,
  budget: number,
  originalTokens: number,
  options: CompressOptions,
  count: TokenCounter,
  tokenizer: TokenizerName,
  started: number,
): Promise<CompressionResult> {
  const notes: string[] = [];
  if (input.trim().length === 0) {
    const compressed = budget >= originalTokens ? input : whitespacePrefix(input, budget, count);
    return {
      compressed,
      originalTokens,
      compressedTokens: compressed === input ? originalTokens : count(compressed),
      ratio: 1,
      budget,
      tokenizer,
      mode: 'empty',
      segments: [],
      spans: [],
      notes,
      ms: performance.now() - started,
    };
  }

  const pieces = plan(input, options, count, notes);
  throwIfAborted(options.signal);
  // A prose piece asks for its protected facts (they rank first) when there are other pieces to take it from.
  const floor = (p: Piece) => (p.kind === 'text' && pieces.length > 1 ? Math.ceil(FACT_FLOOR * protectedTokens(p.text, options.protect, count)) : undefined);
  const claims = pieces.map((p) => ({ tokens: p.tokens, fixed: p.kind === 'passthrough', floor: floor(p) }));
  const shared = await shareBudget(
    claims,
    budget,
    (i, share) => runEngine(pieces[i], share, options, count, tokenizer),
    (o) => o.compressedTokens,
  );
  const outputs = dropEmptyFences(
    pieces,
    pieces.map((p, i) => shared.outputs[i] ?? unchanged(p)),
  );

  const compressed = joinOutputs(pieces, outputs);
  const compressedTokens = count(compressed);
  const segments: SegmentResult[] = pieces.map((p, i) => ({
    kind: p.kind,
    language: p.language,
    start: p.start,
    end: p.end,
    originalTokens: p.tokens,
    compressedTokens: outputs[i].compressedTokens,
    compressed: outputs[i].compressed,
  }));
  const spans: Span[] = [];
  pieces.forEach((p, i) => {
    const local = outputs[i].spans.length > 0 || p.text.trim() === '' ? outputs[i].spans : passthroughSpans(p);
    for (const s of local) spans.push({ ...s, start: s.start + p.start, end: s.end + p.start });
  });
  for (const o of outputs) for (const n of o.notes) if (!notes.includes(n)) notes.push(n);
  if (compressedTokens > budget && budget < originalTokens) {
    notes.push(`budget of ${budget} tokens not reached: forced content needs ${compressedTokens}`);
  }
  // The contract allows 5% under; further under is said (a unit that cannot be cut finer, e.g. one long literal).
  if (compressedTokens < budgetTolerance(budget).min && budget < originalTokens && !notes.some(isBudgetNote)) {
    notes.push(`${compressedTokens} tokens for a budget of ${budget}: no finer cut comes closer`);
  }
  const kinds = new Set(pieces.filter((p) => p.kind !== 'passthrough').map((p) => p.kind));
  const mode = kinds.size > 1 || pieces.length > 1 ? 'mixed' : kinds.has('code') ? 'code' : 'text';
  const withModel = outputs.find((o) => o.provider);
  return {
    compressed,
    originalTokens,
    compressedTokens,
    ratio: originalTokens === 0 ? 1 : compressedTokens / originalTokens,
    budget,
    tokenizer,
    mode,
    language: mode === 'code' ? pieces[0].language : undefined,
    segments,
    spans,
    notes,
    ms: performance.now() - started,
    provider: withModel?.provider,
    model: withModel?.model,
    modelRuns: withModel ? outputs.reduce((n, o) => n + (o.modelRuns ?? 0), 0) : undefined,
  };
}
