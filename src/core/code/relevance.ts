/**
 * Relevance of statement units (statements.ts), in [0, 1]. Units are scored through their anchor: the
 * nearest enclosing definition (a unit whose own lines hold a signature) or, outside definitions, the
 * top-level unit itself. With a question: BM25 of the question's subwords over the anchors (each anchor's
 * identifiers, comments and strings split into subwords; its name counts three times), blended with the
 * question-free score, and a statement that names the question's words gains within its anchor. Without one, what the rest of the file uses and what carries logic come first:
 * references to the anchor's name from outside it (a call graph over the tree's identifiers), public API
 * (exported, `pub`, `public`; not `_private`/`private`), control flow in the body; boilerplate last
 * (constructors that only assign fields, one-line getters, `if __name__ == "__main__":` demos).
 */
import type { Tokens } from './buffer';
import { C } from './classes';
import { STOPWORDS, subwords } from './bodies';
import type { TokenStats } from './order';
import type { Units } from './statements';

const SIG = 1 << C.Signature;
const WORDISH = (1 << C.Identifier) | (1 << C.Invocation) | (1 << C.Comment) | (1 << C.Docstring) | (1 << C.Literal);
const STRUCTURE = 1 << C.Structure;
const IDENT = 1 << C.Identifier;

export interface UnitInfo {
  /** First token of each line (lineTok[nLines] = n). */
  lineTok: Int32Array;
  /** Anchor of each unit (a definition or a top-level unit). */
  anchor: Int32Array;
  /** Relevance of each unit (its anchor's). */
  relevance: Float64Array;
  /** The name of each anchor (its declared identifier), or ''. */
  name: string[];
  /** 1 = boilerplate (constructor that only assigns, getter, `__main__` demo). */
  boilerplate: Uint8Array;
  /** 1 = a definition (its own lines hold a signature). */
  isDef: Uint8Array;
}

export function unitRelevance(text: string, tok: Tokens, stats: TokenStats, units: Units, question?: string): UnitInfo {
  const n = tok.n;
  const { lineStart } = units;
  const nLines = lineStart.length - 1;
  const lineTok = new Int32Array(nLines + 1);
  {
    let i = 0;
    for (let l = 0; l < nLines; l++) {
      while (i < n && tok.start[i] < lineStart[l]) i++;
      lineTok[l] = i;
    }
    lineTok[nLines] = n;
  }
  const U = units.n;
  const { first, last, parent, owner } = units;
  const tokenText = (i: number) => stats.texts[stats.textIds[i]];
  // Definitions: a unit whose own lines hold a Signature token.
  const isDef = new Uint8Array(U);
  const name: string[] = new Array(U).fill('');
  const nameId = new Int32Array(U).fill(-1);
  for (let u = 0; u < U; u++) {
    let firstTok = -1;
    let sigName = -1;
    let anyName = -1;
    let paren = false;
    for (let l = first[u]; l <= last[u] && !paren; l++) {
      if (owner[l] !== u || lineTok[l] === lineTok[l + 1] || text.charCodeAt(tok.start[lineTok[l]]) === 64 /* @ decorator */) continue;
      for (let i = lineTok[l]; i < lineTok[l + 1]; i++) {
        const m = tok.mask[i];
        if (firstTok < 0) firstTok = i;
        if (m & SIG) isDef[u] = 1;
        if (text.charCodeAt(tok.start[i]) === 40 /* ( */ && (sigName >= 0 || anyName >= 0)) {
          paren = true;
          break;
        }
        if (m & IDENT) {
          if (anyName < 0) anyName = i;
          if (m & SIG) sigName = i;
        }
      }
      if (l - first[u] > 4) break;
    }
    const nm = firstTok >= 0 && tok.mask[firstTok] & SIG && sigName >= 0 ? sigName : anyName;
    if (nm >= 0) {
      name[u] = tokenText(nm);
      nameId[u] = stats.textIds[nm];
    }
  }
  const anchor = new Int32Array(U);
  for (let u = 0; u < U; u++) anchor[u] = isDef[u] || parent[u] < 0 ? u : anchor[parent[u]];

  // Question-free score of each anchor.
  const base = new Float64Array(U);
  const boilerplate = new Uint8Array(U);
  const lineText = (l: number) => text.slice(lineStart[l], lineStart[l + 1] - 1);
  const firstOwnLine = (u: number) => {
    for (let l = first[u]; l <= last[u]; l++) if (owner[l] === u && lineText(l).trim()) return lineText(l);
    return '';
  };
  const children: number[][] = Array.from({ length: U }, () => []);
  for (let u = 0; u < U; u++) if (parent[u] >= 0) children[parent[u]].push(u);
  const classOf = (u: number) => {
    for (let p = parent[u]; p >= 0; p = parent[p]) if (isDef[p]) return name[p];
    return '';
  };
  for (let u = 0; u < U; u++) {
    if (anchor[u] !== u) continue;
    const a = lineTok[first[u]];
    const b = lineTok[last[u] + 1];
    let refs = 0;
    let structure = 0;
    if (nameId[u] >= 0) {
      let inside = 0;
      for (let i = a; i < b; i++) if (stats.textIds[i] === nameId[u]) inside++;
      refs = Math.max(0, stats.freq[nameId[u]] - inside);
    }
    for (let i = a; i < b; i++) if (tok.mask[i] & STRUCTURE) structure++;
    const header = firstOwnLine(u);
    const nm = name[u];
    const isPublic = /^\s*(export\b|pub\b|public\b)/.test(header);
    const isPrivate = (/^_[^_]/.test(nm) || /^\s*(private\b|#\w)/.test(header) || /\bprivate\b/.test(header)) && !isPublic;
    let boiler = false;
    if (/^\s*if\s+(__name__\s*==|__FILE__\s*==)/.test(header)) boiler = true;
    else if (isDef[u]) {
      const body = children[u].map((c) => firstOwnLine(c));
      const ctor = nm === '__init__' || nm === 'constructor' || nm === 'initialize' || (nm !== '' && nm === classOf(u));
      const assigns = (s: string) => /^\s*(super\b|(self|this|@)?\.?[\w.$@]+\s*[:]?=\s*[^=])/.test(s) && !/\(\s*\)\s*;?\s*$/.test(s.replace(/^\s*super.*/, ''));
      if (ctor && body.every(assigns)) boiler = true;
      const lines = last[u] - first[u] + 1;
      if (
        !ctor &&
        lines <= 4 &&
        children[u].length <= 1 &&
        /\breturn\s+(self\.|this\.|@)?[\w.]+\s*;?\s*(\}\s*)?$/.test(
          text
            .slice(lineStart[first[u]], lineStart[last[u] + 1] - 1)
            .split('\n')
            .slice(1)
            .join('\n') || header,
        )
      )
        boiler = true;
      if (/^\s*(static\s+)?get\s+\w+\s*\(/.test(header)) boiler = true;
    }
    boilerplate[u] = boiler ? 1 : 0;
    let s = 0.45 + 0.25 * Math.min(1, Math.log2(1 + refs) / 3) + 0.2 * Math.min(1, structure / 4);
    if (isPublic) s += 0.1;
    if (isPrivate) s -= 0.15;
    if (boiler) s -= 0.45;
    base[u] = Math.max(0, Math.min(1, s));
  }

  // With a question: BM25 over the anchors.
  const relevance = new Float64Array(U);
  const terms = question ? [...new Set(subwords(question))].filter((w) => !STOPWORDS.has(w)) : [];
  if (terms.length) {
    const anchors: number[] = [];
    for (let u = 0; u < U; u++) if (anchor[u] === u) anchors.push(u);
    const tf = anchors.map((u) => {
      const bag = new Map<string, number>();
      const add = (w: string, k: number) => bag.set(w, (bag.get(w) ?? 0) + k);
      for (let i = lineTok[first[u]]; i < lineTok[last[u] + 1]; i++) {
        if (tok.mask[i] & WORDISH) for (const w of subwords(tokenText(i))) add(w, 1);
      }
      for (const w of subwords(name[u])) add(w, 2);
      let len = 0;
      for (const v of bag.values()) len += v;
      return { bag, len };
    });
    const avg = tf.reduce((a, d) => a + d.len, 0) / Math.max(1, tf.length) || 1;
    const df = new Map<string, number>();
    for (const q of terms) df.set(q, tf.filter((d) => d.bag.has(q)).length);
    const score = tf.map((d) => {
      let s = 0;
      for (const q of terms) {
        const f = d.bag.get(q) ?? 0;
        if (!f) continue;
        const idf = Math.log(1 + (tf.length - df.get(q)! + 0.5) / (df.get(q)! + 0.5));
        s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.len) / avg));
      }
      return s;
    });
    const max = Math.max(0, ...score);
    anchors.forEach((u, k) => {
      relevance[u] = max > 0 ? 0.65 * (score[k] / max) + 0.35 * base[u] : base[u];
    });
  } else {
    for (let u = 0; u < U; u++) if (anchor[u] === u) relevance[u] = base[u];
  }
  for (let u = 0; u < U; u++) relevance[u] = relevance[anchor[u]];
  // Within an anchor, statements that name the question's words come first.
  if (terms.length) {
    const want = new Set(terms);
    for (let u = 0; u < U; u++) {
      const hit = new Set<string>();
      for (let l = first[u]; l <= last[u]; l++) {
        if (owner[l] !== u) continue;
        for (let i = lineTok[l]; i < lineTok[l + 1]; i++) for (const w of subwords(tokenText(i))) if (want.has(w)) hit.add(w);
      }
      if (hit.size) relevance[u] = Math.min(1, relevance[u] + (0.4 * hit.size) / terms.length);
    }
  }
  return { lineTok, anchor, relevance, name, boilerplate, isDef };
}
