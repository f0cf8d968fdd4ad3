/**
 * The cursor operations the tree walk (tokens.ts) needs, as plain functions returning numbers. Two
 * implementations: `rawCursor` calls web-tree-sitter's wasm exports directly, and `apiCursor` goes
 * through the public TreeCursor (the fallback when the raw exports are not available).
 */
import type { Tree } from 'web-tree-sitter';

export interface CursorOps {
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
export function rawCursor(tree: Tree, wasm: Record<string, unknown> | undefined): CursorOps | undefined {
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

export function apiCursor(tree: Tree): CursorOps {
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
