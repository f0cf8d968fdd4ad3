import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgetTolerance, resolveBudget } from '../../src/core/budget/budget';
import { countTokens } from '../../src/core/budget/tokenizers';
import { compressFiles, type FileInput } from '../../src/core/files';
import { renderFileBlock } from '../../src/core/format';

const dir = join(__dirname, '../fixtures/code');
const fixtures: FileInput[] = readdirSync(dir)
  .sort()
  .map((n) => ({ path: `src/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
const rendered = (files: readonly FileInput[]) => countTokens(files.map((f) => renderFileBlock(f.path, f.text)).join('\n'));

test('compressFiles: one basis; the joined blocks never exceed the budget and land within tolerance (property)', async () => {
  const groups = [fixtures.slice(0, 4), fixtures.slice(9), [fixtures[5], fixtures[0]]];
  for (const files of groups) {
    const original = rendered(files);
    for (const req of [{ rate: 0.15 }, { rate: 0.3 }, { rate: 0.5 }, { rate: 0.8 }, { targetTokens: 150 }]) {
      const r = await compressFiles(files, req);
      const what = `${files.map((f) => f.path).join(',')} ${JSON.stringify(req)}`;
      assert.equal(r.originalTokens, original, `originalTokens counts the rendered original blocks: ${what}`);
      assert.equal(r.compressedTokens, countTokens(r.text), what);
      const budget = resolveBudget(original, req);
      assert.ok(r.compressedTokens <= budget, `${r.compressedTokens} > ${budget}: ${what}`);
      assert.ok(r.compressedTokens >= budgetTolerance(budget).min, `${r.compressedTokens} ≪ ${budget}: ${what}`);
      assert.equal(r.files.filter((f) => f.result).length, files.length);
    }
  }
});

test('compressFiles: skipped files are not counted; a budget at or above the input changes nothing', async () => {
  const files = [fixtures[0], { path: 'logo.png', text: 'PNG\u0000\u0000\u0001binary' }, fixtures[1]];
  const r = await compressFiles(files, { rate: 0.5 });
  assert.match(r.files[1].error ?? '', /binary/);
  assert.equal(r.originalTokens, rendered([fixtures[0], fixtures[1]]));
  assert.ok(r.compressedTokens <= resolveBudget(r.originalTokens, { rate: 0.5 }));
  assert.match(r.summary, /^2 files: /);
  const whole = await compressFiles([fixtures[2], fixtures[3]], { rate: 1 });
  assert.equal(whole.text, [fixtures[2], fixtures[3]].map((f) => renderFileBlock(f.path, f.text)).join('\n'));
  assert.equal(whole.compressedTokens, whole.originalTokens);
});

test('1,000 files under a 500-token budget: the first files fit with their bodies, the rest are left out with a reason', async () => {
  const files = Array.from({ length: 1000 }, (_, i) => ({
    path: `src/module${i}/file${i}.ts`,
    text: `export function f${i}(a: number): number {\n  // add one\n  return a + ${i};\n}\n`,
  }));
  const r = await compressFiles(files, { targetTokens: 500 });
  assert.ok(r.compressedTokens <= 500, `${r.compressedTokens}`);
  assert.ok(r.compressedTokens >= 475, `${r.compressedTokens}`);
  assert.equal(countTokens(r.text), r.compressedTokens);
  const kept = r.files.filter((f) => f.result);
  const left = r.files.filter((f) => !f.result);
  assert.ok(kept.length > 0 && left.length > 0);
  assert.deepEqual(
    r.files.map((f) => Boolean(f.result)),
    files.map((_f, i) => i < kept.length),
    'the first files are kept',
  );
  for (const f of left) assert.equal(f.error, 'left out: 500 tokens cannot hold the headers of all 1000 files');
  assert.ok(
    kept.every((f) => f.result!.compressed.trim() !== ''),
    'kept files keep some body',
  );
  assert.match(r.summary, new RegExp(`^${kept.length} files: `));
});
