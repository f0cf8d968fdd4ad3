import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetTolerance, resolveBudget } from '../../src/core/budget/budget';
import { fitToBudget } from '../../src/core/budget/fit';
import { countTokens, tokenCounter } from '../../src/core/budget/tokenizers';
import { TersifyError } from '../../src/core/errors';

test('rate keeps that fraction of tokens; targetTokens is absolute; the tighter wins', () => {
  assert.equal(resolveBudget(1000, { rate: 0.5 }), 500);
  assert.equal(resolveBudget(1000, { rate: 0.33 }), 330);
  assert.equal(resolveBudget(1000, { targetTokens: 120 }), 120);
  assert.equal(resolveBudget(1000, { rate: 0.5, targetTokens: 120 }), 120);
  assert.equal(resolveBudget(1000, { rate: 0.1, targetTokens: 900 }), 100);
  assert.equal(resolveBudget(50, { targetTokens: 900 }), 50, 'a budget never exceeds the input');
  assert.equal(resolveBudget(1000, {}), 500, 'default rate is 0.5');
});

test('out-of-range budgets are usage errors', () => {
  for (const bad of [{ rate: 0 }, { rate: 1.5 }, { rate: -0.2 }, { rate: Number.NaN }, { targetTokens: 0 }, { targetTokens: 2.5 }, { targetTokens: -3 }]) {
    assert.throws(() => resolveBudget(100, bad), (e: unknown) => e instanceof TersifyError && e.code === 'usage', JSON.stringify(bad));
  }
  assert.throws(() => resolveBudget(100, { rate: '0.5' as unknown as number }), TersifyError);
});

test('tokenizers differ and count special-token text as plain text', () => {
  const text = 'Résumé 東京 🚀 <|endoftext|> function f() { return 42; }';
  const o = countTokens(text, 'o200k_base');
  const c = countTokens(text, 'cl100k_base');
  assert.ok(o > 5 && c > 5);
  assert.equal(countTokens('', 'o200k_base'), 0);
});

function words(n: number, seed: number): string[] {
  const vocab = ['the', 'cache', 'returns', 'stale', 'prices', 'after', 'an', 'update', 'Σ', '東京', '42', 'configuration', ',', '.'];
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return vocab[x % vocab.length];
  });
}

test('fitToBudget lands within tolerance for every budget, always at or under it', () => {
  const count = tokenCounter('o200k_base');
  for (const seed of [1, 2, 3]) {
    const w = words(400, seed);
    const order = w.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 401) - ((b * 7919 + seed) % 401));
    const rank = new Int32Array(w.length);
    order.forEach((wi, r) => (rank[wi] = r));
    const render = (k: number) => w.filter((_, i) => rank[i] >= k).join(' ');
    const total = count(render(0));
    for (const rate of [0.05, 0.1, 0.25, 0.33, 0.5, 0.75, 0.9, 1]) {
      const budget = Math.round(total * rate);
      const r = fitToBudget({ costs: order.map((i) => count(' ' + w[i])), render, count, budget });
      assert.ok(r.met);
      assert.equal(r.tokens, count(r.text));
      assert.ok(r.tokens <= budget, `${r.tokens} > ${budget}`);
      assert.ok(r.tokens >= budgetTolerance(budget).min || r.k === 0, `undershoot ${r.tokens} < ${budget}`);
    }
  }
});

test('fitToBudget reports when forced content alone exceeds the budget', () => {
  const count = tokenCounter();
  const r = fitToBudget({ costs: [1, 1], render: (k) => ['forced text stays', 'a', 'b'].slice(0, 3 - k).join(' '), count, budget: 1 });
  assert.equal(r.met, false);
  assert.equal(r.k, 2);
  assert.equal(r.text, 'forced text stays');
});

test('piecewise cached counting equals the tokenizer exactly on real code and prose (property)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { encodeTokens } = await import('../../src/core/budget/tokenizers');
  const texts: string[] = [];
  const dir = join(__dirname, '../fixtures/code');
  for (const f of readdirSync(dir)) texts.push(readFileSync(join(dir, f), 'utf8'));
  texts.push(readFileSync(join(__dirname, '../../examples/retrieved-context.md'), 'utf8'));
  texts.push('Mr. Smith arrived. He said: "OK, fine!" Then (briefly) left; nobody saw him.\n\n\n  // next\n/x/ a, b. C\r\nD');
  for (const t of [...texts]) {
    texts.push(t.split('\n').filter((_, i) => i % 3 !== 1).join('\n'), t.replace(/\s+/g, ' '), t.replace(/\n/g, '\r\n'));
  }
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    const count = tokenCounter(name);
    for (const t of texts) assert.equal(count(t), encodeTokens(t, name).length, t.slice(0, 60));
  }
});
