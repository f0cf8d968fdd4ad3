/**
 * Facts: text a reader (or an LLM) cannot restore once it is cut or dropped — URLs, e-mail addresses, paths, code
 * identifiers, numbers with their sign and unit, ranges, dates, versions, ticket keys, short quoted strings.
 * Segmentation (words.ts) makes each fact one unit, so it is kept whole or dropped whole; selection ranks the
 * kinds the `protect` option names above every ordinary word (FACT_PRIORITY), while the budget still rules: a fact
 * that does not fit is dropped whole.
 *
 * One table: a new kind is one line. Patterns are sticky and tried in order at a unit start; the first match wins.
 * A match must end at a boundary (no letter, digit or "_" next), and loses trailing sentence punctuation.
 */
import { DEFAULT_PROTECT, type ProtectGroup } from '../vocabulary';
import { type Segmentation, segment } from './words';

export interface FactKind {
  kind: string;
  /** The `protect` option value that ranks this kind high. */
  group: ProtectGroup;
  /** Sticky (`y`) pattern matched at a unit start. */
  pattern: RegExp;
  /** Added to the removal priority of a protected fact (everything else ranks in about −0.4 … 1.8). */
  priority: number;
}

/** Units after a number, with or without a space ("152 ms", "4GB"); SHORT_UNITS only attached ("5s", "2x"). */
const UNITS =
  '%|‰|ms|µs|ns|sec|secs|min|mins|hrs|KB|MB|GB|TB|PB|kB|KiB|MiB|GiB|TiB|bps|Kbps|Mbps|Gbps|Hz|kHz|MHz|GHz|px|pt|em|rem|vh|vw|dpi|°C|°F|°|×|bn|kg|mg|km|cm|mm|fps|rps|qps|ops|tokens?|bytes?|bits?|chars?|lines?|files?|items?|times?|percent|seconds?|minutes?|hours?|days?|weeks?|months?|years?';
const SHORT_UNITS = 's|h|d|B|b|x|k|K|M|G|g|m';
const NUM = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const SIGN = String.raw`[-−+±~≈]?`;
const CURRENCY = String.raw`[$€£¥₹]`;
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)`;

/** Tried in this order (the first match wins). */
export const FACT_KINDS: readonly FactKind[] = [
  { kind: 'inline code', group: 'code', priority: 2, pattern: /(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/uy },
  { kind: 'url', group: 'urls', priority: 2, pattern: /(?:https?|ftp|file):\/\/[^\s<>"'`|]+|www\.[\w-]+\.[^\s<>"'`|]+/uy },
  { kind: 'email', group: 'emails', priority: 2, pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/uy },
  {
    kind: 'date',
    group: 'dates',
    priority: 2,
    pattern: new RegExp(
      String.raw`\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?|\d{1,2} ${MONTH}(?: \d{4})?|${MONTH} \d{1,2}(?:, \d{4})?|${MONTH} \d{4}`,
      'uy',
    ),
  },
  {
    kind: 'version',
    group: 'versions',
    priority: 2,
    pattern: /(?:[\^~]|[<>]=?|=)?v?\d+\.\d+(?:\.\d+)+(?:-[\w.]+)?(?:\+[\w.]+)?|v\d+(?:\.\d+)?(?:-[\w.]+)?|(?:[\^~]|[<>]=?)\d+(?:\.\d+)?/uy,
  },
  { kind: 'ticket', group: 'tickets', priority: 2, pattern: /[A-Z][A-Z0-9]{1,9}-\d+|(?:GH-|#)\d+/uy },
  { kind: 'flag', group: 'code', priority: 2, pattern: /--?[A-Za-z][\w-]*(?:=[^\s,;)`'"]+)?/uy },
  {
    kind: 'path',
    group: 'paths',
    priority: 2,
    pattern:
      /(?:~|\.{1,2})?\/?(?:[\w@.+-]+\/)+[\w@.+-]*|[A-Za-z]:\\(?:[\w .+-]+\\)*[\w.+-]*|[\w-]+(?:\.[\w-]+)*\.(?:md|json|ya?ml|toml|ini|txt|js|mjs|cjs|ts|tsx|jsx|py|rs|go|java|rb|php|c|h|cpp|hpp|cs|sh|css|html|lock|xml|csv|onnx|node|d\.ts)(?![\w.])/uy,
  },
  {
    kind: 'identifier',
    group: 'code',
    priority: 2,
    pattern: /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?|[a-z]+[A-Z][\w$]*(?:\(\))?|[A-Za-z]\w*_\w+(?:\(\))?|[A-Za-z_$][\w$]*\(\)/uy,
  },
  {
    kind: 'number',
    group: 'numbers',
    priority: 2,
    pattern: new RegExp(
      String.raw`${SIGN}${CURRENCY}?${NUM}(?:\s?(?:-|–|\.\.|to)\s?${SIGN}${CURRENCY}?${NUM})?(?:\s?(?:${UNITS})(?![\p{L}\p{N}_])|(?:${SHORT_UNITS})(?![\p{L}\p{N}_]))?|${SIGN}${CURRENCY}${NUM}|[-−+±]\d+(?:\.\d+)?`,
      'uy',
    ),
  },
  // A quoted name or message ("Save As", "EACCES: permission denied"), not quoted speech: no space just inside
  // the quotes (transcripts write `" you had some ideas "`) and at most QUOTE_MAX_WORDS words (isFact).
  { kind: 'quote', group: 'quotes', priority: 2, pattern: /"(?=[^\s"])[^"\n|]{1,60}(?<=[^\s"])"|“(?=[^\s”])[^”\n|]{1,60}(?<=[^\s“])”/uy },
];

const WORDISH = /[\p{L}\p{M}\p{N}_]/u;
/** A longer quotation is speech, not a name or message to keep verbatim. */
const QUOTE_MAX_WORDS = 6;

/** Sentence punctuation after a fact is not part of it ("see docs/api.md." or "(v1.2.3)"). */
function trimEnd(s: string, kind: string): string {
  if (kind === 'quote') return s;
  let end = s.length;
  for (;;) {
    const ch = s[end - 1];
    if (end > 1 && '.,;:!?\'"*'.includes(ch)) end--;
    else if (end > 1 && ch === ')' && count(s.slice(0, end), '(') < count(s.slice(0, end), ')')) end--;
    else if (end > 1 && ch === ']' && count(s.slice(0, end), '[') < count(s.slice(0, end), ']')) end--;
    else break;
  }
  return s.slice(0, end);
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** The longest any fact may be (a bound on the work per unit start). */
const MAX_FACT = 2048;

/** The fact that starts at `pos` (a unit start) and ends before `limit`, or undefined. */
export function matchFact(text: string, pos: number, limit: number): { kind: FactKind; length: number } | undefined {
  if (pos > 0 && WORDISH.test(charBefore(text, pos))) return undefined;
  const end = Math.min(limit, pos + MAX_FACT);
  const window = end < text.length ? text.slice(0, end) : text;
  for (const k of FACT_KINDS) {
    k.pattern.lastIndex = pos;
    const m = k.pattern.exec(window);
    if (!m || m[0].length === 0) continue;
    const s = trimEnd(m[0], k.kind);
    const at = pos + s.length;
    if (at < text.length && WORDISH.test(String.fromCodePoint(text.codePointAt(at) ?? 0))) continue;
    if (!isFact(k.kind, s)) continue;
    return { kind: k, length: s.length };
  }
  return undefined;
}

/** The character (code point) that ends at `pos`. */
function charBefore(text: string, pos: number): string {
  const c = text.charCodeAt(pos - 1);
  return c >= 0xdc00 && c <= 0xdfff && pos >= 2 ? text.slice(pos - 2, pos) : text[pos - 1];
}

function isFact(kind: string, s: string): boolean {
  switch (kind) {
    case 'path':
      // "and/or", "km/h", "1/2" are words: a path starts at a root or has two slashes or a file name.
      if (!/[/\\]/.test(s)) return true;
      return /[\p{L}\p{N}]/u.test(s) && (/^(?:[~.@/]|[A-Za-z]:\\)/.test(s) || (s.match(/[/\\]/g) ?? []).length >= 2 || /\.\w+$/.test(s));
    case 'identifier':
      // "e.g", "i.e", "a.m" are abbreviations, not names.
      return !/^(?:\p{L}\.)+\p{L}$/u.test(s);
    case 'flag':
      return s.startsWith('--') || /^-[A-Za-z]$/.test(s);
    case 'quote':
      return s.trim().split(/\s+/).length <= QUOTE_MAX_WORDS;
    default:
      return true;
  }
}

/** Fact kinds whose group `protect` names (undefined: every group). */
export function protectedKinds(protect: readonly string[] | undefined): Set<string> {
  const groups = new Set(protect ?? DEFAULT_PROTECT);
  return new Set(FACT_KINDS.filter((k) => groups.has(k.group)).map((k) => k.kind));
}

export function factKind(kind: string): FactKind | undefined {
  return FACT_KINDS.find((k) => k.kind === kind);
}

/**
 * The priority hook: protected facts rank above every ordinary word (their kind's priority is added), so the fit
 * drops them last; a question's relevance can still outrank a fact in an unrelated sentence. In place.
 */
export function protectFacts(seg: Segmentation, priority: Float64Array, protect: readonly string[] | undefined): Uint8Array {
  const kinds = protectedKinds(protect);
  const mask = new Uint8Array(seg.units.length);
  if (kinds.size === 0) return mask;
  seg.units.forEach((u, i) => {
    if (u.fact === undefined || !kinds.has(u.fact)) return;
    mask[i] = 1;
    priority[i] += factKind(u.fact)?.priority ?? 0;
  });
  // A protected link target lifts its link text half as much: "[Zod](https://zod.dev/)" rather than a bare URL.
  for (const l of seg.links) {
    if (!mask[l.target]) continue;
    const lift = (factKind(seg.units[l.target].fact ?? '')?.priority ?? 0) / 2;
    for (let i = l.textFirst; i < l.textEnd; i++) if (!mask[i]) priority[i] += lift;
  }
  return mask;
}

/** Tokens of the protected facts in a prose text: the share of a budget it asks for (budget/allocate.ts floor). */
export function protectedTokens(text: string, protect: readonly string[] | undefined, count: (s: string) => number): number {
  const kinds = protectedKinds(protect);
  if (kinds.size === 0) return 0;
  const seg = segment(text);
  let n = 0;
  for (const u of seg.units) if (u.fact !== undefined && kinds.has(u.fact)) n += count(text.slice(u.start, u.end));
  return n;
}
