/**
 * Pins the classification (token ranges, type masks, elidable regions) and the compressed output of
 * every fixture to checked-in snapshots, so that performance work provably leaves behaviour alone.
 * A fixture without a snapshot fails. Write or regenerate them (only for a new fixture or a deliberate change):
 * UPDATE_CODE_SNAPSHOTS=1 node --import tsx --test test/core/code/snapshot.test.ts
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { classify } from '../../../src/core/code/engine';
import { languageRow } from '../../../src/core/code/languages';
import { loadLanguage } from '../../../src/core/code/parser';
import { treeTokens } from '../../../src/core/code/tokens';
import { publicType } from '../../../src/core/code/classes';
import { effectiveClass, presetRanks } from '../../../src/core/code/presets';
import { repoRoot } from '../../helpers';
import { compressAt, fixtures } from './helpers';

const dir = join(repoRoot, 'test/fixtures/code-snapshots');
const update = process.env.UPDATE_CODE_SNAPSHOTS === '1';
const RATES = [0.2, 0.5, 0.8];

interface Snapshot {
  language?: string;
  /** [start, end, type mask, type under the context preset] per token. */
  tokens: [number, number, number, string][];
  /** [declStart, innerStart, innerEnd] per elidable body. */
  regions: [number, number, number][];
  /** rate → [compressed tokens, sha1 of the compressed text]. */
  compressed: Record<string, [number, string]>;
}

for (const f of fixtures()) {
  test(`snapshot: ${f.name}`, async () => {
    const { tokens: tok, language } = await classify(f.text, f.language);
    const rank = presetRanks('context');
    const tokens: Snapshot['tokens'] = [];
    for (let i = 0; i < tok.n; i++) tokens.push([tok.start[i], tok.end[i], tok.mask[i], publicType(effectiveClass(tok.mask[i], rank))]);
    const regions: Snapshot['regions'] = tok.regions.map((r) => [r.declStart, r.innerStart, r.innerEnd]);
    const compressed: Snapshot['compressed'] = {};
    for (const rate of RATES) {
      const { out } = await compressAt(f.text, f.language, rate);
      compressed[String(rate)] = [out.compressedTokens, createHash('sha1').update(out.compressed).digest('hex')];
    }
    const snap: Snapshot = { language, tokens, regions, compressed };
    const file = join(dir, `${f.name}.json`);
    if (update) {
      writeFileSync(file, `${JSON.stringify(snap)}\n`);
      return;
    }
    assert.ok(existsSync(file), `${file} is missing: write it with UPDATE_CODE_SNAPSHOTS=1 node --import tsx --test test/core/code/snapshot.test.ts`);
    const want = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    assert.equal(snap.language, want.language);
    assert.equal(snap.tokens.length, want.tokens.length, `${f.name}: token count`);
    for (let i = 0; i < want.tokens.length; i++)
      assert.deepEqual(snap.tokens[i], want.tokens[i], `${f.name}: token ${i} (${f.text.slice(want.tokens[i][0], want.tokens[i][1])})`);
    assert.deepEqual(snap.regions, want.regions, `${f.name}: regions`);
    assert.deepEqual(snap.compressed, want.compressed, `${f.name}: compressed output`);
  });
}

test('every snapshot belongs to a fixture (none left behind)', () => {
  const names = new Set(fixtures().map((f) => `${f.name}.json`));
  assert.deepEqual(
    readdirSync(dir).filter((n) => !names.has(n)),
    [],
  );
});

test('the raw wasm cursor is available and classifies exactly like the public TreeCursor API', async () => {
  for (const f of fixtures()) {
    const row = languageRow(f.language)!;
    const { parser, lang, wasm } = await loadLanguage(row);
    assert.ok(wasm && typeof wasm._ts_tree_cursor_goto_first_child_wasm === 'function', 'web-tree-sitter module exports (fast path)');
    parser.setLanguage(lang.language);
    const tree = parser.parse(f.text)!;
    try {
      const raw = treeTokens(f.text, tree, lang.tables, wasm);
      const api = treeTokens(f.text, tree, lang.tables);
      assert.equal(raw.n, api.n, f.name);
      assert.deepEqual(raw.start.subarray(0, raw.n), api.start.subarray(0, api.n), f.name);
      assert.deepEqual(raw.end.subarray(0, raw.n), api.end.subarray(0, api.n), f.name);
      assert.deepEqual(raw.mask.subarray(0, raw.n), api.mask.subarray(0, api.n), f.name);
      assert.deepEqual(raw.regions, api.regions, f.name);
    } finally {
      tree.delete();
    }
  }
});
