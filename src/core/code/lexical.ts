/**
 * Lexical tokens in code, as the faithfulness contract defines them (`LEXICAL_TOKEN_SOURCE`: a run of
 * letters, marks, digits and `_`, or any other single non-space character), with offsets and generic
 * types. Used for the lexical fallback (no grammar) and for text between tree-sitter leaves; the
 * character tests keep token boundaries (buffer.ts) and rendering (render.ts) on the same definition.
 */
import { LEXICAL_TOKEN_SOURCE, WORD_CHAR } from '../faithfulness';
import { C } from './classes';

const WORD_RE = WORD_CHAR;
const ASCII_WORD = new Uint8Array(128);
for (let i = 0; i < 128; i++) ASCII_WORD[i] = WORD_RE.test(String.fromCharCode(i)) ? 1 : 0;

function isWordCodePoint(cp: number): boolean {
  return cp < 128 ? ASCII_WORD[cp] === 1 : WORD_RE.test(String.fromCodePoint(cp));
}

/** Is the character that ends just before `i` a word character (letters, marks, digits, `_`)? */
export function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c < 128) return ASCII_WORD[c] === 1;
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return isWordCodePoint(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000);
  }
  return isWordCodePoint(c);
}

/** Is the character starting at `i` a word character? */
export function wordAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1;
  return isWordCodePoint(text.codePointAt(i)!);
}

/** Does a boundary at `i` cut a lexical token (a word in two, or a surrogate pair)? */
export function splitsLexicalToken(text: string, i: number): boolean {
  const a = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i);
  if (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff) return true;
  return wordBefore(text, i) && wordAt(text, i);
}

const SPACE_RE = /\s/;
/** `\s` for one UTF-16 code unit (the contract's separator). */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || (c > 127 && SPACE_RE.test(String.fromCharCode(c))) || c === 11 || c === 12;
}

export function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

/** Where lexical tokens go: a token buffer (buffer.ts). */
export interface LexicalSink {
  readonly text: string;
  /** Adds a token [s, e) with type mask `mask`. */
  pushLexical(s: number, e: number, mask: number): void;
}

const LEXICAL = new RegExp(LEXICAL_TOKEN_SOURCE, 'gu');

/** Splits [from, to) of `sink.text` into lexical tokens with generic types (a token is cut at `to`). */
export function lexicalInto(sink: LexicalSink, from: number, to: number) {
  LEXICAL.lastIndex = from;
  const text = sink.text;
  for (;;) {
    const m = LEXICAL.exec(text);
    if (!m || m.index >= to) break;
    const e = Math.min(m.index + m[0].length, to);
    sink.pushLexical(m.index, e, 1 << lexicalClass(text, m.index, e));
  }
}

/** Generic keywords the lexical fallback counts as Structure. */
const GENERIC_STRUCTURE = new Set([
  'if',
  'else',
  'elif',
  'for',
  'while',
  'do',
  'switch',
  'case',
  'try',
  'catch',
  'except',
  'finally',
  'return',
  'break',
  'continue',
  'class',
  'struct',
  'then',
  'end',
  'fi',
  'done',
]);

function lexicalClass(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (e - s === 1 && !wordAt(text, s)) return c === 59 || c === 44 ? C.Punctuation : C.Symbol;
  if (c >= 48 && c <= 57) return C.Literal;
  if (e - s <= 8 && GENERIC_STRUCTURE.has(text.slice(s, e))) return C.Structure;
  return C.Identifier;
}
