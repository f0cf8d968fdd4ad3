/** Real Bugs2Fix methods (abstracted Java, read from ../shared/data): the paper's setting. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFaithful } from '../../../src/core/faithfulness';
import { bugs2fixSample, compressAt } from './helpers';

test('Bugs2Fix methods with the repair preset: faithful and within budget at every rate', async () => {
  for (const [i, text] of bugs2fixSample(150, 43).entries()) {
    for (const rate of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const tokenizer of ['o200k_base', 'cl100k_base'] as const) {
        const { out, budget, count } = await compressAt(text, 'java', rate, { preset: 'repair', tokenizer });
        const name = `method ${i} @${rate} ${tokenizer}`;
        assert.ok(isFaithful(text, out.compressed), name);
        assert.equal(out.language, 'java');
        const tokens = count(out.compressed);
        if (out.spans.some((s) => s.kept)) {
          assert.ok(tokens <= budget, `${name}: ${tokens} > ${budget}`);
          // A single boundary token can be worth several BPE tokens (`VAR_12`): tiny budgets get 2 tokens of slack.
          assert.ok(tokens >= Math.min(Math.floor(budget * 0.95), budget - 2), `${name}: ${tokens} < 95% of ${budget}`);
        }
      }
    }
  }
});

test('Bugs2Fix with repair at rate 0.7 removes Identifiers first and keeps the signature', async () => {
  for (const text of bugs2fixSample(150, 43).slice(0, 40)) {
    const { out } = await compressAt(text, 'java', 0.7, { preset: 'repair' });
    const dropped = out.spans.filter((s) => !s.kept);
    assert.ok(
      dropped.every((s) => s.type === 'Identifier' || s.type === 'Invocation' || s.type === 'Structure' || s.type === 'Symbol'),
      'only the early repair types go at 0.7',
    );
    assert.ok(
      out.spans.filter((s) => s.type === 'Signature').every((s) => s.kept),
      'signature intact',
    );
  }
});
