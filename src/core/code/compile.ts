/** Turns a NodeTypeMap (data, by node-type name) into lookup tables indexed by a grammar's node-type ids. */
import type { Language } from 'web-tree-sitter';
import { C, N_CLASSES } from './classes';
import { ATTACHED_TYPES, BLOCK_TYPES, BRANCH_TYPE, NAME_PATTERNS, PUNCTUATION, type KindOverride, type NodeTypeMap, type Role } from './maps/common';

/** Precedence of kind overrides when containers nest: a comment inside an import is a comment. */
const OVERRIDE_RANK: Record<KindOverride, number> = { TypeAnnotation: 1, Import: 2, Comment: 3, Docstring: 4 };
export const OVERRIDE_RANK_BY_CLASS = new Int8Array(N_CLASSES);
for (const [k, r] of Object.entries(OVERRIDE_RANK)) OVERRIDE_RANK_BY_CLASS[C[k as KindOverride]] = r;

/** A context effect packed in an int: role bits in 0..11, kind override (class index + 1) in bits 16..23. */
export function effect(x: KindOverride | Role): number {
  return x === 'Signature' || x === 'Invocation' ? 1 << C[x] : (C[x] + 1) << 16;
}

/** Combines a parent context with a new effect (roles add up; the stronger kind override wins). */
export function applyEffect(ctx: number, eff: number): number {
  if (eff === 0) return ctx;
  const roles = (ctx | eff) & 0xffff;
  const a = ctx >>> 16;
  const b = eff >>> 16;
  let kind = a;
  if (b && (!a || OVERRIDE_RANK_BY_CLASS[b - 1] > OVERRIDE_RANK_BY_CLASS[a - 1])) kind = b;
  return roles | (kind << 16);
}

export interface CompiledMap {
  /** Table size: node-type count + 1; the last slot stands for ERROR (id 65535) and unknown ids. */
  size: number;
  /** Own class of a leaf of this type. */
  own: Uint8Array;
  /** 1 = never descend (anonymous tokens and atomic nodes). */
  leafy: Uint8Array;
  /** Context effect of entering a node of this type. */
  container: Int32Array;
  /** Function-like: the body field id; -2 = function without a body field; -1 = not a function. */
  functionBody: Int32Array;
  /** Type declaration: body field id, -2 none, -1 not one. */
  typeBody: Int32Array;
  /** 1 = children of this type need their field id looked up. */
  needsField: Uint8Array;
  /** parentType * fieldCount + fieldId → effect (0 = none). */
  fieldEffect: Int32Array;
  fieldCount: number;
  named: Uint8Array;
  docPrefixes: readonly string[];
  leadingCommentsAreDocs: boolean;
  docstring?: { module: Uint8Array; statement: number; string: number };
  commentClass: number;
  /** 1 = a block: its line-aligned named children are statement units (statements.ts). */
  block: Uint8Array;
  /** 1 = a branch of a compound statement (else/elif/catch clauses…): never a unit of its own. */
  branch: Uint8Array;
  /** 1 = joins the next unit (ATTACHED_TYPES: attributes, decorators that are siblings of their declaration). */
  attached: Uint8Array;
}

const WORD_LIKE = /^[A-Za-z_][\w?]*$/;

/** Own-property lookup (node types such as "constructor" must not hit Object.prototype). */
function get<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

export function compileMap(map: NodeTypeMap, lang: Language): CompiledMap {
  const n = lang.nodeTypeCount;
  const size = n + 1;
  const fieldCount = lang.fieldCount + 1;
  const own = new Uint8Array(size).fill(C.Other);
  const leafy = new Uint8Array(size);
  const container = new Int32Array(size);
  const functionBody = new Int32Array(size).fill(-1);
  const typeBody = new Int32Array(size).fill(-1);
  const needsField = new Uint8Array(size);
  const fieldEffect = new Int32Array(size * fieldCount);
  const named = new Uint8Array(size);
  named[n] = 1; // ERROR
  const structure = new Set(map.structure);
  const atomic = new Set(map.atomic ?? []);
  const punctuation = new Set<string>(PUNCTUATION);
  const block = new Uint8Array(size);
  const branch = new Uint8Array(size);
  const attached = new Uint8Array(size);
  const attachedTypes = new Set(ATTACHED_TYPES);
  const blocks = new Set([...BLOCK_TYPES, ...(map.blocks ?? [])]);
  const fieldId = (name: string) => (name ? (lang.fieldIdForName(name) ?? -3) : -2);

  for (let id = 0; id < n; id++) {
    const type = lang.nodeTypeForId(id);
    if (!type) continue;
    const isNamed = lang.nodeTypeIsNamed(id);
    named[id] = isNamed ? 1 : 0;
    if (!isNamed) {
      leafy[id] = 1;
      if (WORD_LIKE.test(type)) own[id] = structure.has(type) ? C.Structure : C.Other;
      else own[id] = punctuation.has(type) ? C.Punctuation : C.Symbol;
      continue;
    }
    if (blocks.has(type)) block[id] = 1;
    if (BRANCH_TYPE.test(type)) branch[id] = 1;
    if (attachedTypes.has(type)) attached[id] = 1;
    const listed = get(map.leaves, type);
    if (listed) own[id] = C[listed];
    else {
      const hit = NAME_PATTERNS.find(([re]) => re.test(type));
      if (hit) own[id] = C[hit[1]];
    }
    if (atomic.has(type)) leafy[id] = 1;
    const cont = get(map.containers, type);
    if (cont) container[id] = effect(cont);
    const fn = get(map.functions, type);
    if (fn !== undefined) {
      functionBody[id] = fieldId(fn);
      needsField[id] = 1;
    }
    const td = get(map.typeDeclarations, type);
    if (td !== undefined) {
      typeBody[id] = fieldId(td);
      needsField[id] = 1;
    }
  }
  const setField = (parent: number, fname: string, eff: KindOverride | Role) => {
    const f = lang.fieldIdForName(fname);
    if (f === null || f === undefined) return;
    fieldEffect[parent * fieldCount + f] = effect(eff);
    needsField[parent] = 1;
  };
  for (const [parent, fields] of Object.entries(map.fields ?? {})) {
    for (const [fname, eff] of Object.entries(fields)) {
      if (parent === '*') {
        for (let id = 0; id < n; id++) if (named[id]) setField(id, fname, eff);
      } else {
        for (let id = 0; id < n; id++) if (named[id] && lang.nodeTypeForId(id) === parent) setField(id, fname, eff);
      }
    }
  }
  let docstring: CompiledMap['docstring'];
  if (map.docstring) {
    const module = new Uint8Array(size);
    const ids = (t: string) => {
      const out: number[] = [];
      for (let id = 0; id < n; id++) if (named[id] && lang.nodeTypeForId(id) === t) out.push(id);
      return out;
    };
    for (const id of ids(map.docstring.module)) module[id] = 1;
    docstring = {
      module,
      statement: ids(map.docstring.statement)[0] ?? -1,
      string: ids(map.docstring.string)[0] ?? -1,
    };
  }
  return {
    size,
    own,
    leafy,
    container,
    functionBody,
    typeBody,
    needsField,
    fieldEffect,
    fieldCount,
    named,
    docPrefixes: map.docCommentPrefixes ?? [],
    leadingCommentsAreDocs: map.leadingCommentsAreDocs ?? false,
    docstring,
    commentClass: C.Comment,
    block,
    branch,
    attached,
  };
}
