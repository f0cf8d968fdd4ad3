/**
 * Tokens: offset ranges covering every non-space character, each with a type mask, and the elidable
 * function bodies. `TokenBuffer` builds them: tokens pushed by the tree walk (tokens.ts), with any text
 * between them split into lexical tokens (lexical.ts); `lexicalTokens` is the lexical fallback.
 */
import { ROLE_MASK } from './classes';
import { hasNonSpace, isSpace, lexicalInto, splitsLexicalToken, type LexicalSink } from './lexical';

/** A function body the coarse step can elide: token indices (end exclusive). */
export interface Region {
  /** First token of the whole declaration (its signature starts here). */
  declStart: number;
  /** Tokens that the elision removes (inside the braces, if any). */
  innerStart: number;
  innerEnd: number;
}

export interface Tokens {
  n: number;
  start: Int32Array;
  end: Int32Array;
  /** One kind bit plus role bits (Signature, Invocation); see classes.ts. */
  mask: Uint16Array;
  regions: Region[];
}

// Module-local aliases: an imported binding is a property read per call under some loaders (tsx).
const ROLES = ROLE_MASK;
const isSpaceAt = isSpace;
const nonSpace = hasNonSpace;
const splitsToken = splitsLexicalToken;
const lexical = lexicalInto;

export class TokenBuffer implements LexicalSink {
  n = 0;
  start: Int32Array;
  end: Int32Array;
  mask: Uint16Array;
  constructor(
    readonly text: string,
    capacity: number,
  ) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.mask = new Uint16Array(capacity);
  }
  private grow() {
    const cap = this.start.length * 2 + 16;
    const s = new Int32Array(cap);
    s.set(this.start);
    const e = new Int32Array(cap);
    e.set(this.end);
    const m = new Uint16Array(cap);
    m.set(this.mask);
    this.start = s;
    this.end = e;
    this.mask = m;
  }
  private pushRaw(s: number, e: number, mask: number) {
    const n = this.n;
    // A boundary inside a lexical token (a word split in two, a surrogate pair) is not a boundary.
    if (n > 0 && this.end[n - 1] === s && splitsToken(this.text, s)) {
      this.end[n - 1] = e;
      this.mask[n - 1] |= mask & ROLES;
      return;
    }
    if (n === this.start.length) this.grow();
    this.start[n] = s;
    this.end[n] = e;
    this.mask[n] = mask;
    this.n = n + 1;
  }
  /** Adds a token; non-space text skipped since the previous token becomes generic tokens. */
  push(s: number, e: number, mask: number) {
    const last = this.n > 0 ? this.end[this.n - 1] : 0;
    if (s < last) s = last;
    // Tokens never start or end with whitespace (e.g. Rust line comments include their newline).
    while (e > s && isSpaceAt(this.text.charCodeAt(e - 1))) e--;
    while (s < e && isSpaceAt(this.text.charCodeAt(s))) s++;
    if (e <= s) return;
    if (s > last && nonSpace(this.text, last, s)) lexical(this, last, s);
    this.pushRaw(s, e, mask);
  }
  /** Generic token (lexical fallback and text between leaves). */
  pushLexical(s: number, e: number, mask: number) {
    this.pushRaw(s, e, mask);
  }
  finish(regions: Region[]): Tokens {
    if (this.n > 0 && nonSpace(this.text, this.end[this.n - 1], this.text.length)) {
      lexical(this, this.end[this.n - 1], this.text.length);
    } else if (this.n === 0 && nonSpace(this.text, 0, this.text.length)) {
      lexical(this, 0, this.text.length);
    }
    return { n: this.n, start: this.start, end: this.end, mask: this.mask, regions };
  }
}

/** The lexical fallback: runs of word characters and single other characters, generic types. */
export function lexicalTokens(text: string): Tokens {
  const buf = new TokenBuffer(text, Math.max(16, text.length >> 2));
  lexical(buf, 0, text.length);
  return buf.finish([]);
}
