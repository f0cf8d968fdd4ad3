import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgetTolerance, resolveBudget } from '../../src/core/budget/budget';
import { countTokens } from '../../src/core/budget/tokenizers';
import { contextPrompt, packContext, parseBudgetPrompt } from '../../src/core/contextPack';
import { renderFileBlock } from '../../src/core/format';
import { isFaithful } from '../../src/core/faithfulness';
import { fixtureModel, repoRoot } from '../helpers';

const java = readFileSync(join(repoRoot, 'test/fixtures/cli/Method.java'), 'utf8');
const py = 'def area(r):\n    # circle area\n    return 3.14159 * r * r\n\n\ndef perimeter(r):\n    return 2 * 3.14159 * r\n';

test('the context budget is the rule on the rendered sources, capped by the model window', async () => {
  const sources = [
    { path: 'src/OrderService.java', text: java },
    { path: 'geometry.py', text: py },
  ];
  const original = countTokens(sources.map((s) => renderFileBlock(s.path, s.text)).join('\n'));
  const half = await packContext({ sources, rate: 0.5 });
  assert.equal(half.originalTokens, original);
  assert.equal(half.budget, Math.round(original * 0.5));
  const capped = await packContext({ sources, rate: 0.9, maxInputTokens: 200 });
  assert.equal(capped.budget, 150, 'a quarter of the window stays free');
  assert.ok(capped.compressedTokens <= 150);
  const target = await packContext({ sources, targetTokens: 180 });
  assert.ok(original * 0.5 < 180);
  assert.equal(target.budget, 180, 'a target without a rate is that many tokens');
});

test('packed context never exceeds its budget and lands within tolerance: code and prose, question-aware (property)', async () => {
  const read = (p: string) => readFileSync(join(repoRoot, p), 'utf8');
  const sources = [
    { path: 'docs/retrieved-context.md', text: read('examples/retrieved-context.md') },
    { path: 'src/cache.ts', text: read('test/fixtures/code/cache.ts') },
    { path: 'src/inventory.py', text: read('test/fixtures/code/inventory.py') },
  ];
  const original = countTokens(sources.map((s) => renderFileBlock(s.path, s.text)).join('\n'));
  const model = fixtureModel('tiny-bert');
  for (const req of [{ rate: 0.3 }, { rate: 0.6 }, { rate: 0.9, maxInputTokens: 1600 }, { rate: 1, targetTokens: 500 }]) {
    const packed = await packContext({ sources, question: 'Why are prices stale after an update?', model, ...req });
    assert.equal(packed.originalTokens, original);
    assert.equal(packed.budget, resolveBudget(original, req));
    assert.equal(packed.compressedTokens, countTokens(packed.text));
    assert.ok(packed.compressedTokens <= packed.budget, `${packed.compressedTokens} > ${packed.budget} (${JSON.stringify(req)})`);
    assert.ok(packed.compressedTokens >= budgetTolerance(packed.budget).min, `${packed.compressedTokens} ≪ ${packed.budget} (${JSON.stringify(req)})`);
  }
});

test('packing compresses every source under one header each and reports "Context: a → b tokens"', async () => {
  const packed = await packContext({
    sources: [
      { path: 'src/OrderService.java', text: java },
      { path: 'geometry.py', text: py },
    ],
    rate: 0.5,
    question: 'How is the discount applied?',
  });
  assert.match(packed.summary, /^Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  assert.ok(packed.compressedTokens < packed.originalTokens * 0.7);
  assert.match(packed.text, /^## src\/OrderService\.java\n```java\n/m);
  assert.match(packed.text, /^## geometry\.py\n```python\n/m);
  const javaBody = packed.files[0].result!.compressed;
  assert.ok(isFaithful(java, javaBody));
  const prompt = contextPrompt('How is the discount applied?', packed);
  assert.ok(prompt.endsWith('Question: How is the discount applied?'));
  assert.ok(prompt.includes(packed.text));
});

test('/budget parsing takes a leading number and leaves the question', () => {
  assert.deepEqual(parseBudgetPrompt('2000 why is checkout slow?'), { targetTokens: 2000, question: 'why is checkout slow?' });
  assert.deepEqual(parseBudgetPrompt('1,500 tokens explain the cache'), { targetTokens: 1500, question: 'explain the cache' });
  assert.deepEqual(parseBudgetPrompt('explain the cache'), { question: 'explain the cache' });
});
