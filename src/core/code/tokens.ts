/**
 * Classification: text → tokens (offset ranges covering every non-space character) with a type mask.
 * With a grammar: a TreeCursor walk over tree-sitter's leaves; without: a lexical tokenizer.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { C, ROLE_MASK } from './classes';
import { applyEffect, type CompiledMap } from './compile';

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

class TokenBuffer {
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
    if (n > 0 && this.end[n - 1] === s && splitsLexicalToken(this.text, s)) {
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
    while (e > s && isSpace(this.text.charCodeAt(e - 1))) e--;
    while (s < e && isSpace(this.text.charCodeAt(s))) s++;
    if (e <= s) return;
    if (s > last && hasNonSpace(this.text, last, s)) lexicalInto(this, last, s);
    this.pushRaw(s, e, mask);
  }
  /** Generic token (lexical fallback and text between leaves). */
  pushLexical(s: number, e: number) {
    this.pushRaw(s, e, 1 << lexicalClass(this.text, s, e));
  }
  finish(regions: Region[]): Tokens {
    if (this.n > 0 && hasNonSpace(this.text, this.end[this.n - 1], this.text.length)) {
      lexicalInto(this, this.end[this.n - 1], this.text.length);
    } else if (this.n === 0 && hasNonSpace(this.text, 0, this.text.length)) {
      lexicalInto(this, 0, this.text.length);
    }
    return { n: this.n, start: this.start, end: this.end, mask: this.mask, regions };
  }
}

const WORD_RE = /[\p{L}\p{M}\p{N}_]/u;
const ASCII_WORD = new Uint8Array(128);
for (let i = 0; i < 128; i++) ASCII_WORD[i] = /[A-Za-z0-9_]/.test(String.fromCharCode(i)) ? 1 : 0;

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

function splitsLexicalToken(text: string, i: number): boolean {
  const a = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i);
  if (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff) return true;
  return wordBefore(text, i) && wordAt(text, i);
}

const SPACE_RE = /\s/;
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || (c > 127 && SPACE_RE.test(String.fromCharCode(c))) || c === 11 || c === 12;
}

function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

const LEXICAL = /[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]/gu;

function lexicalInto(buf: TokenBuffer, from: number, to: number) {
  LEXICAL.lastIndex = from;
  const text = buf.text;
  for (;;) {
    const m = LEXICAL.exec(text);
    if (!m || m.index >= to) break;
    const e = Math.min(m.index + m[0].length, to);
    buf.pushLexical(m.index, e);
  }
}

/** Generic keywords the lexical fallback counts as Structure. */
const GENERIC_STRUCTURE = new Set([
  'if', 'else', 'elif', 'for', 'while', 'do', 'switch', 'case', 'try', 'catch', 'except', 'finally', 'return',
  'break', 'continue', 'class', 'struct', 'then', 'end', 'fi', 'done',
]);

function lexicalClass(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (e - s === 1 && !wordAt(text, s)) return c === 59 || c === 44 ? C.Punctuation : C.Symbol;
  if (c >= 48 && c <= 57) return C.Literal;
  if (e - s <= 8 && GENERIC_STRUCTURE.has(text.slice(s, e))) return C.Structure;
  return C.Identifier;
}

/** The lexical fallback: runs of word characters and single other characters, generic types. */
export function lexicalTokens(text: string): Tokens {
  const buf = new TokenBuffer(text, Math.max(16, text.length >> 2));
  lexicalInto(buf, 0, text.length);
  return buf.finish([]);
}

const MAX_DEPTH_GROW = 256;

/**
 * The cursor operations the walk needs, as plain functions returning numbers. Two implementations:
 * `rawCursor` calls web-tree-sitter's wasm exports directly, and `apiCursor` goes through the public
 * TreeCursor (the fallback when the raw exports are not available).
 */
interface CursorOps {
  /** Move to the first child / next sibling / parent: 1 if moved, else 0. */
  first(): number;
  next(): number;
  parent(): number;
  typeId(): number;
  fieldId(): number;
  start(): number;
  end(): number;
  named(): number;
  close(): void;
}

/** The wasm exports `rawCursor` calls (web-tree-sitter 0.25's binding, lib/tree-sitter.c). */
const RAW_EXPORTS = [
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_delete_wasm',
] as const;

type RawFn = (tree: number) => number;

/**
 * A cursor driven through the raw wasm exports. web-tree-sitter's TreeCursor keeps its state in JS and
 * copies it into the wasm transfer buffer before, and back out after, every call (setValue/getValue
 * per field); the binding's functions read the cursor from that buffer and write it back after a
 * move. As long as nothing else uses the buffer during the walk (the walk is synchronous and makes no
 * other tree-sitter call), the state can simply stay there: each step is one wasm call.
 */
function rawCursor(tree: Tree, wasm: Record<string, unknown> | undefined): CursorOps | undefined {
  if (!wasm) return undefined;
  const treePtr = (tree as unknown as Record<number, unknown>)[0];
  if (typeof treePtr !== 'number') return undefined;
  for (const name of RAW_EXPORTS) if (typeof wasm[name] !== 'function') return undefined;
  const f = (name: (typeof RAW_EXPORTS)[number]) => wasm[name] as RawFn;
  const first = f('_ts_tree_cursor_goto_first_child_wasm');
  const next = f('_ts_tree_cursor_goto_next_sibling_wasm');
  const parent = f('_ts_tree_cursor_goto_parent_wasm');
  const typeId = f('_ts_tree_cursor_current_node_type_id_wasm');
  const fieldId = f('_ts_tree_cursor_current_field_id_wasm');
  const start = f('_ts_tree_cursor_start_index_wasm');
  const end = f('_ts_tree_cursor_end_index_wasm');
  const named = f('_ts_tree_cursor_current_node_is_named_wasm');
  const del = f('_ts_tree_cursor_delete_wasm');
  tree.walk(); // puts a new cursor (on the root) into the transfer buffer; its JS object is not used
  return {
    first: () => first(treePtr),
    next: () => next(treePtr),
    parent: () => parent(treePtr),
    typeId: () => typeId(treePtr),
    fieldId: () => fieldId(treePtr),
    start: () => start(treePtr),
    end: () => end(treePtr),
    named: () => named(treePtr),
    close: () => void del(treePtr),
  };
}

function apiCursor(tree: Tree): CursorOps {
  const c = tree.walk();
  return {
    first: () => (c.gotoFirstChild() ? 1 : 0),
    next: () => (c.gotoNextSibling() ? 1 : 0),
    parent: () => (c.gotoParent() ? 1 : 0),
    typeId: () => c.nodeTypeId,
    fieldId: () => c.currentFieldId,
    start: () => c.startIndex,
    end: () => c.endIndex,
    named: () => (c.nodeIsNamed ? 1 : 0),
    close: () => c.delete(),
  };
}

/** Module-local copies of the class indices used per node (no cross-module property reads in the walk). */
const K_COMMENT = C.Comment;
const K_DOCSTRING = C.Docstring;
const K_SIGNATURE_BIT = 1 << C.Signature;
const DOCSTRING_EFFECT = (C.Docstring + 1) << 16;
const ROLES = ROLE_MASK;
/** Module-local alias: an imported binding is a property read per call under some loaders (tsx). */
const applyEff = applyEffect;

/**
 * Tree-sitter classification of `text` (already parsed into `tree`). `wasm`: web-tree-sitter's
 * module object (parser.ts), for the raw cursor; without it the public TreeCursor API is used.
 */
export function treeTokens(text: string, tree: Tree, t: CompiledMap, wasm?: Record<string, unknown>): Tokens {
  const buf = new TokenBuffer(text, Math.max(16, text.length >> 2));
  const regions: Region[] = [];
  let cap = MAX_DEPTH_GROW;
  let types = new Int32Array(cap);
  let ctx = new Int32Array(cap);
  let declTok = new Int32Array(cap); // token index where a function/type declaration began
  let region = new Int32Array(cap); // region index opened by this node (a body), or -1
  let docPending = new Uint8Array(cap);
  const { own, leafy, container, functionBody, typeBody, needsField, fieldEffect, fieldCount, named } = t;
  const docPrefixes = t.docPrefixes;
  const hasDocPrefixes = docPrefixes.length > 0;
  const docstring = t.docstring;
  const c = rawCursor(tree, wasm) ?? apiCursor(tree);
  try {
    let d = 0;
    const last = t.size - 1;
    types[0] = Math.min(c.typeId(), last);
    ctx[0] = container[types[0]];
    region[0] = -1;
    docPending[0] = docstring?.module[types[0]] ?? 0;
    for (;;) {
      // At node depth d, already entered.
      const id = types[d];
      if (leafy[id] === 0 && c.first() !== 0) {
        d++;
        if (d === cap) {
          cap *= 2;
          const grow = <A extends Int32Array | Uint8Array>(a: A, b: A) => (b.set(a), b);
          types = grow(types, new Int32Array(cap));
          ctx = grow(ctx, new Int32Array(cap));
          declTok = grow(declTok, new Int32Array(cap));
          region = grow(region, new Int32Array(cap));
          docPending = grow(docPending, new Uint8Array(cap));
        }
        enter(d);
        continue;
      }
      emitLeaf(id, ctx[d]);
      // Move to the next node: a sibling, or up.
      for (;;) {
        const r = region[d];
        if (r >= 0) regions[r].innerEnd = buf.n;
        if (d === 0) return buf.finish(regions);
        if (c.next() !== 0) {
          enter(d);
          break;
        }
        c.parent();
        d--;
      }
    }

    function enter(depth: number) {
      const id = Math.min(c.typeId(), last);
      const parent = types[depth - 1];
      types[depth] = id;
      region[depth] = -1;
      docPending[depth] = 0;
      let x = ctx[depth - 1];
      if (needsField[parent]) {
        const f = c.fieldId();
        x = applyEff(x, fieldEffect[parent * fieldCount + f]);
        const fb = functionBody[parent];
        if (f === fb || f === typeBody[parent]) {
          x &= ~K_SIGNATURE_BIT;
          if (f === fb) {
            region[depth] = regions.length;
            regions.push({ declStart: declTok[depth - 1], innerStart: buf.n, innerEnd: buf.n });
          }
          if (docstring) docPending[depth] = 1;
        }
      }
      if (docPending[depth - 1] && named[id] && own[id] !== K_COMMENT) {
        docPending[depth - 1] = 0;
        if (id === docstring!.statement && isLoneString(docstring!.string)) x = applyEff(x, DOCSTRING_EFFECT);
      }
      x = applyEff(x, container[id]);
      if (functionBody[id] !== -1 || typeBody[id] !== -1) {
        x |= K_SIGNATURE_BIT;
        declTok[depth] = buf.n;
        if (t.leadingCommentsAreDocs) markLeadingComments(c.start());
      }
      ctx[depth] = x;
    }

    /** Has the current node exactly one named child, of type `stringId`? (The cursor comes back.) */
    function isLoneString(stringId: number): boolean {
      if (c.first() === 0) return false;
      let namedCount = 0;
      let firstNamed = -1;
      do {
        if (c.named() !== 0) {
          if (namedCount++ === 0) firstNamed = c.typeId();
        }
      } while (c.next() !== 0);
      c.parent();
      return namedCount === 1 && firstNamed === stringId;
    }

    function emitLeaf(id: number, x: number) {
      const s = c.start();
      const e = c.end();
      if (e <= s) return;
      let kind = x >>> 16 ? (x >>> 16) - 1 : own[id];
      if (kind === K_COMMENT && hasDocPrefixes) {
        for (const p of docPrefixes) {
          if (text.startsWith(p, s) && !(p === '/**' && text.startsWith('/**/', s))) {
            kind = K_DOCSTRING;
            break;
          }
        }
      }
      const roles = kind === K_COMMENT || kind === K_DOCSTRING ? 0 : x & ROLES;
      buf.push(s, e, (1 << kind) | roles);
    }

    /** Comments directly above a declaration (no blank line between) document it. */
    function markLeadingComments(declStart: number) {
      let pos = declStart;
      for (let j = buf.n - 1; j >= 0; j--) {
        if (buf.mask[j] !== 1 << K_COMMENT) break;
        let newlines = 0;
        for (let i = buf.end[j]; i < pos; i++) if (text.charCodeAt(i) === 10) newlines++;
        if (newlines > 1) break;
        buf.mask[j] = 1 << K_DOCSTRING;
        pos = buf.start[j];
      }
    }
  } finally {
    c.close();
  }
}

/** Parses and classifies; never throws (returns undefined on failure so the caller can fall back). */
export function parseTokens(parser: Parser, text: string, tables: CompiledMap, wasm?: Record<string, unknown>): { tokens?: Tokens; error?: string } {
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    if (!tree) return { error: 'parser returned no tree' };
    const tokens = treeTokens(text, tree, tables, wasm);
    // Bodies: elide the inside of `{ … }` and keep the braces.
    for (const r of tokens.regions) {
      if (r.innerEnd - r.innerStart >= 2) {
        const a = tokens.start[r.innerStart];
        const b = tokens.start[r.innerEnd - 1];
        if (text.charCodeAt(a) === 123 && tokens.end[r.innerStart] === a + 1 && text.charCodeAt(b) === 125 && tokens.end[r.innerEnd - 1] === b + 1) {
          r.innerStart++;
          r.innerEnd--;
        }
      }
    }
    return { tokens };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    tree?.delete();
  }
}
