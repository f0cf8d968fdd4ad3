import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, shareBudget } from '../../../src/core/budget/allocate';
import { budgetTolerance, requestBudget, resolveBudget } from '../../../src/core/budget/budget';
import { fitToBudget } from '../../../src/core/budget/fit';
import { countTokens, tokenCounter } from '../../../src/core/budget/tokenizers';
import { TersifyError } from '../../../src/core/errors';

test('rate keeps that fraction of tokens; targetTokens is absolute; the tighter wins', () => {
  assert.equal(resolveBudget(1000, { rate: 0.5 }), 500);
  assert.equal(resolveBudget(1000, { rate: 0.33 }), 330);
  assert.equal(resolveBudget(1000, { targetTokens: 120 }), 120);
  assert.equal(resolveBudget(1000, { rate: 0.5, targetTokens: 120 }), 120);
  assert.equal(resolveBudget(1000, { rate: 0.1, targetTokens: 900 }), 100);
  assert.equal(resolveBudget(50, { targetTokens: 900 }), 50, 'a budget never exceeds the input');
  assert.equal(resolveBudget(1000, {}), 500, 'default rate is 0.5');
});

test('a model window caps the budget and leaves a quarter of it (at most 8,192 tokens) free', () => {
  assert.equal(resolveBudget(10_000, { rate: 0.5 }), 5000);
  assert.equal(resolveBudget(10_000, { rate: 0.5, maxInputTokens: 4096 }), 3072, 'a quarter of the window stays free');
  assert.equal(resolveBudget(10_000, { rate: 0.5, maxInputTokens: 200_000 }), 5000);
  assert.equal(resolveBudget(100_000, { rate: 1, maxInputTokens: 200_000 }), 100_000);
  assert.equal(resolveBudget(200_000, { rate: 1, maxInputTokens: 200_000 }), 200_000 - 8192, 'the reserve is at most 8,192');
  assert.equal(resolveBudget(10_000, { rate: 0.9, targetTokens: 1200 }), 1200);
  assert.equal(resolveBudget(100, { rate: 0.5, maxInputTokens: 100_000, reservedTokens: 99_990 }), 10);
  assert.equal(resolveBudget(100, { rate: 0.5, maxInputTokens: 0 }), 50, 'an unknown window caps nothing');
});

test("a front end's request: the setting, or exactly N tokens for a target without a rate; caps apply", () => {
  assert.deepEqual(requestBudget({ settingsRate: 0.4 }), { rate: 0.4 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, targetTokens: 900 }), { rate: 1, targetTokens: 900 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, rate: 0.2, targetTokens: 900, tokenBudget: 500.5, maxInputTokens: 4096 }), {
    rate: 0.2,
    targetTokens: 500,
    maxInputTokens: 4096,
  });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, tokenBudget: 0.4 }), { rate: 0.4, targetTokens: 1 });
  // through the rule: "/budget 900" on 10,000 tokens is 900 tokens, not min(900, 40%)
  assert.equal(resolveBudget(10_000, requestBudget({ settingsRate: 0.05, targetTokens: 900 })), 900);
  assert.equal(resolveBudget(10_000, requestBudget({ settingsRate: 0.5, targetTokens: 9000, maxInputTokens: 4096 })), 3072);
});

test('the allocator reserves fixed pieces, shares the rest by size and gives the rounding leftovers to the largest', () => {
  assert.deepEqual(allocate([{ tokens: 10, fixed: true }, { tokens: 30 }, { tokens: 60 }], 55), [10, 15, 30]);
  assert.deepEqual(allocate([{ tokens: 10 }, { tokens: 10 }, { tokens: 20 }], 21), [5, 5, 11]);
  assert.deepEqual(allocate([{ tokens: 7 }, { tokens: 3 }], 100), [7, 3], 'a share never exceeds the piece');
  assert.deepEqual(allocate([{ tokens: 50, fixed: true }, { tokens: 30 }], 20), [50, 0], 'fixed pieces first');
  assert.deepEqual(allocate([{ tokens: 40 }, { tokens: 40 }, { tokens: 20 }], 50, [30, -1, -1]), [30, 14, 6], 'a pinned piece keeps what it needs');
});

test('two rounds: a piece forced above its share keeps it, the others run again on the rest', async () => {
  const claims = [{ tokens: 100 }, { tokens: 100 }, { tokens: 4, fixed: true }];
  const runs: string[] = [];
  // piece 0 cannot go below 80 tokens; piece 1 fits any share exactly
  const shared = await shareBudget(
    claims,
    104,
    async (i, share) => {
      runs.push(`${i}:${share}`);
      return i === 0 ? Math.max(80, share) : share;
    },
    (t) => t,
  );
  assert.deepEqual(shared.shares, [80, 20, 4]);
  assert.deepEqual(shared.outputs, [80, 20, undefined]);
  assert.deepEqual(runs, ['0:50', '1:50', '0:80', '1:20']);
  // a piece whose share did not change keeps its first output
  runs.length = 0;
  const again = await shareBudget(
    [{ tokens: 100 }, { tokens: 100 }, { tokens: 5 }],
    160,
    async (i, share) => {
      runs.push(`${i}:${share}`);
      return i === 0 ? Math.max(80, share) : share;
    },
    (t) => t,
  );
  assert.deepEqual(runs, ['0:79', '1:78', '2:3', '0:80', '1:77']);
  assert.deepEqual(again.outputs, [80, 77, 3]);
  // nothing forced: one round
  runs.length = 0;
  await shareBudget(
    claims,
    300,
    async (i, share) => {
      runs.push(`${i}:${share}`);
      return share;
    },
    (t) => t,
  );
  assert.deepEqual(runs, ['0:100', '1:100']);
});

test('out-of-range budgets are usage errors', () => {
  for (const bad of [{ rate: 0 }, { rate: 1.5 }, { rate: -0.2 }, { rate: Number.NaN }, { targetTokens: 0 }, { targetTokens: 2.5 }, { targetTokens: -3 }]) {
    assert.throws(
      () => resolveBudget(100, bad),
      (e: unknown) => e instanceof TersifyError && e.code === 'usage',
      JSON.stringify(bad),
    );
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
  const { encodeTokens } = await import('../../../src/core/budget/tokenizers');
  const texts: string[] = [];
  const dir = join(__dirname, '../../fixtures/code');
  for (const f of readdirSync(dir)) texts.push(readFileSync(join(dir, f), 'utf8'));
  texts.push(readFileSync(join(__dirname, '../../../examples/retrieved-context.md'), 'utf8'));
  texts.push(Array.from({ length: 60 }, (_, i) => `${' '.repeat(2 * i)}- item ${i}, see \`x\`\n`).join(''));
  texts.push('a  \n   \n  b\n\t/y\n  /z\n \n\n  \t c.\n    d\r\n   e\n\u00a0 f');
  texts.push('Mr. Smith arrived. He said: "OK, fine!" Then (briefly) left; nobody saw him.\n\n\n  // next\n/x/ a, b. C\r\nD');
  for (const t of [...texts]) {
    texts.push(
      t
        .split('\n')
        .filter((_, i) => i % 3 !== 1)
        .join('\n'),
      t.replace(/\s+/g, ' '),
      t.replace(/\n/g, '\r\n'),
    );
  }
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    const count = tokenCounter(name);
    for (const t of texts) assert.equal(count(t), encodeTokens(t, name).length, t.slice(0, 60));
  }
});

test('a floor raises a smaller share when the budget allows; the other pieces share the rest', async () => {
  const { allocate } = await import('../../../src/core/budget/allocate');
  // Proportional: 50 / 50. The first piece's facts ask for 80: it gets them, the second the rest.
  assert.deepEqual(allocate([{ tokens: 100, floor: 80 }, { tokens: 100 }], 100), [80, 20]);
  // A floor the budget cannot hold is ignored; a floor below the share changes nothing.
  assert.deepEqual(allocate([{ tokens: 500, floor: 300 }, { tokens: 500 }], 100), [50, 50]);
  assert.deepEqual(allocate([{ tokens: 100, floor: 10 }, { tokens: 100 }], 100), [50, 50]);
});
