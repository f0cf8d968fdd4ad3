import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateBudget, fenceTag, formatBundle } from '../../src/vscode/files/bundle';

test('the shared budget is split by size and sums to the total', () => {
  const b = allocateBudget([100, 300, 600], 500);
  assert.equal(b.reduce((a, x) => a + x, 0), 500);
  b.forEach((x, i) => assert.ok(Math.abs(x - [50, 150, 300][i]) <= 1, `share ${i}: ${x}`));
  const odd = allocateBudget([7, 7, 7], 10);
  assert.equal(odd.reduce((a, x) => a + x, 0), 10);
  assert.ok(odd.every((x) => x >= 3 && x <= 4));
  assert.deepEqual(allocateBudget([0, 10], 5), [0, 5]);
  assert.deepEqual(allocateBudget([], 5), []);
  assert.deepEqual(allocateBudget([5, 5], 100), [5, 5], 'never more than a file has');
  assert.deepEqual(allocateBudget([1000, 1], 10), [9, 1], 'every non-empty file gets at least one token');
});

test('files are concatenated under Markdown headers with safe fences', () => {
  const out = formatBundle([
    { path: 'src/a.ts', language: 'typescript', text: 'const a = 1;' },
    { path: 'README.md', language: 'markdown', text: 'Use ```js fences```\n' },
  ]);
  assert.equal(out, '## File: src/a.ts\n\n```typescript\nconst a = 1;\n```\n\n## File: README.md\n\n````markdown\nUse ```js fences```\n````\n');
  assert.equal(fenceTag('typescriptreact'), 'tsx');
  assert.equal(fenceTag('plaintext'), '');
  assert.equal(fenceTag(undefined), '');
  assert.equal(fenceTag('rust'), 'rust');
});
