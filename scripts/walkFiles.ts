/**
 * The one walk over real source trees that benches and tests sample from (node_modules, the Python standard
 * library): sorted, depth-first, unreadable entries skipped, so a listing is the same on every machine with the
 * same packages.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Generated or declaration-only sources that say nothing about how people write code. */
export const GENERATED = (name: string) => name.endsWith('.d.ts') || name.endsWith('.min.js');

export function walkFiles(root: string, accept: (name: string, size: number) => boolean, opts: { maxDepth: number; max?: number }): string[] {
  const found: string[] = [];
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const walk = (dir: string, depth: number) => {
    if (depth > opts.maxDepth || found.length > max) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (accept(e, st.size)) found.push(p);
    }
  };
  walk(root, 0);
  return found;
}

/** Every n-th of `found` (a deterministic spread over the whole listing), at most `limit`. */
export function spread<T>(found: T[], limit: number): T[] {
  const step = Math.max(1, Math.floor(found.length / limit));
  return found.filter((_, i) => i % step === 0).slice(0, limit);
}
