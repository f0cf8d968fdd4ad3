import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { contextBudget, contextPrompt, packContext, parseBudgetPrompt } from '../../src/core/contextPack';
import { isFaithful } from '../../src/core/faithfulness';
import { repoRoot } from '../helpers';

const java = readFileSync(join(repoRoot, 'test/fixtures/cli/Method.java'), 'utf8');
const py = 'def area(r):\n    # circle area\n    return 3.14159 * r * r\n\n\ndef perimeter(r):\n    return 2 * 3.14159 * r\n';

test('the context budget follows the rate but leaves room in the model window', () => {
  assert.equal(contextBudget(10_000, { rate: 0.5 }), 5000);
  assert.equal(contextBudget(10_000, { rate: 0.5, maxInputTokens: 4096 }), 3072, 'a quarter of the window stays free');
  assert.equal(contextBudget(10_000, { rate: 0.5, maxInputTokens: 200_000 }), 5000);
  assert.equal(contextBudget(10_000, { rate: 0.9, targetTokens: 1200 }), 1200);
  assert.equal(contextBudget(100, { rate: 0.5, maxInputTokens: 100_000, reservedTokens: 99_990 }), 10);
});

test('packing compresses every source under one header each and reports "Context: a → b tokens"', async () => {
  const packed = await packContext({
    sources: [{ path: 'src/OrderService.java', text: java }, { path: 'geometry.py', text: py }],
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
