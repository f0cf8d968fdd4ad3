import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { compressFiles } from '../../../src/core/files';
import {
  bundleResult,
  bundleTitle,
  checkText,
  decodeSource,
  originalBundle,
  outcomes,
  skippedNote,
  sliceRange,
  sourceLabel,
  uniqueSources,
} from '../../../src/core/sources';

const enc = (s: string) => new TextEncoder().encode(s);

test('bytes become text, or a reason to skip: binary, too large, empty; the BOM is dropped', () => {
  assert.deepEqual(decodeSource(enc('\uFEFFconst a = 1;\n')), { text: 'const a = 1;\n' });
  assert.deepEqual(decodeSource(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), { skip: 'binary' });
  assert.deepEqual(decodeSource(enc('x'.repeat(2000)), 1024), { skip: 'larger than 0 MB' });
  assert.deepEqual(decodeSource(enc('x'.repeat(3 * 1048576))), { skip: 'larger than 2 MB' });
  assert.deepEqual(decodeSource(enc(' \n\t\n')), { skip: 'empty' });
  assert.deepEqual(checkText('abc\u0000\u0001\u0002def'), { skip: 'binary' });
});

test('a Location picks its range (\\n and \\r\\n lines; out-of-range positions clamp) and is labelled by lines', () => {
  const text = 'line one\nline two\nline three\n';
  assert.equal(sliceRange(text, { start: { line: 1, character: 0 }, end: { line: 2, character: 4 } }), 'line two\nline');
  assert.equal(sliceRange('a\r\nbb\r\nccc', { start: { line: 1, character: 0 }, end: { line: 1, character: 99 } }), 'bb');
  assert.equal(sliceRange(text, { start: { line: 2, character: 5 }, end: { line: 99, character: 0 } }), 'three\n');
  assert.equal(sourceLabel('src/a.ts'), 'src/a.ts');
  assert.equal(sourceLabel('src/a.ts', { start: { line: 9, character: 2 }, end: { line: 23, character: 5 } }), 'lines 10-24 of src/a.ts');
  assert.equal(
    sourceLabel('src/a.ts', { start: { line: 9, character: 0 }, end: { line: 11, character: 0 } }),
    'lines 10-11 of src/a.ts',
    'a selection ending at column 0',
  );
  assert.equal(sourceLabel('src/a.ts', { start: { line: 4, character: 0 }, end: { line: 4, character: 7 } }), 'line 5 of src/a.ts');
});

test('labels are unique; skipped sources are listed briefly', () => {
  assert.deepEqual(uniqueSources([{ path: 'a' }, { path: 'b' }, { path: 'a' }]), [{ path: 'a' }, { path: 'b' }]);
  assert.equal(skippedNote([]), '');
  assert.equal(skippedNote([{ label: 'logo.png', reason: 'binary' }]), 'Skipped 1: logo.png (binary).');
  assert.equal(
    skippedNote(
      [1, 2, 3].map((i) => ({ label: `f${i}`, reason: 'empty' })),
      2,
    ),
    'Skipped 3: f1 (empty), f2 (empty), ….',
  );
  assert.equal(bundleTitle(['src/a.ts']), 'src/a.ts');
  assert.equal(bundleTitle(['a', 'b']), '2 files');
});

test('a bundle compressed by the real engine becomes one history entry with the bundle totals', async () => {
  const files = [
    {
      path: 'src/cart.py',
      text: 'def total(items):\n    # sum of price times quantity\n    result = 0\n    for item in items:\n        result += item.price * item.quantity\n    return result\n',
    },
    { path: 'notes.md', text: 'The cart total is computed on the server. Discounts are applied after taxes, which is a known bug.\n' },
  ];
  const result = await compressFiles(files, { rate: 0.5, model: join(__dirname, '..', '..', 'fixtures', 'models', 'tiny-bert') });
  assert.equal(outcomes(result).done, 2, JSON.stringify(outcomes(result).failed));
  const entry = bundleResult(result, 'o200k_base');
  assert.equal(entry.compressed, result.text);
  assert.equal(entry.originalTokens, result.originalTokens);
  assert.ok(entry.compressedTokens < entry.originalTokens);
  assert.equal(entry.mode, 'mixed');
  assert.equal(entry.language, undefined);
  // the original bundle has the same `## path` blocks, so before/after are comparable
  const original = originalBundle(files);
  assert.match(original, /^## src\/cart\.py\n```python\n/);
  assert.match(original, /\n## notes\.md\n/);
});
