/**
 * Classification with a grammar: a walk over tree-sitter's leaves (cursor.ts) → tokens (buffer.ts)
 * with type masks, and the function bodies the coarse step can elide.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { TokenBuffer, type Region, type Tokens } from './buffer';
import { C, ROLE_MASK } from './classes';
import { applyEffect, type CompiledMap } from './compile';
import { apiCursor, rawCursor } from './cursor';
import { statementUnits, type Units } from './statements';

const MAX_DEPTH_GROW = 256;

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
          const grow = <A extends Int32Array | Uint8Array>(a: A, b: A) => {
            b.set(a);
            return b;
          };
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
export function parseTokens(
  parser: Parser,
  text: string,
  tables: CompiledMap,
  wasm?: Record<string, unknown>,
  withUnits = false,
): { tokens?: Tokens; units?: Units; error?: string } {
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
    return { tokens, units: withUnits ? statementUnits(text, tree, tables, wasm) : undefined };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    tree?.delete();
  }
}
