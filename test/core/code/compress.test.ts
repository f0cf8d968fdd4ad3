/** Properties of compressCode over every fixture, many rates, both tokenizers and all presets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compressCode, PRESET_ORDERS } from '../../../src/core/code';
import { ELISION, isFaithful } from '../../../src/core/faithfulness';
import { PRESETS, type PresetName, type Span, type TokenizerName } from '../../../src/core/types';
import { bugs2fixSample, checkBudget, compressAt, counters, fixture, fixtures, RATES } from './helpers';

function checkSpans(name: string, text: string, spans: Span[]) {
  let last = 0;
  for (const s of spans) {
    assert.ok(s.start >= last && s.end > s.start && s.end <= text.length, `${name}: spans in order`);
    assert.ok(s.type, `${name}: span has a type`);
    assert.ok(text.slice(last, s.start).trim() === '', `${name}: only whitespace between spans`);
    last = s.end;
  }
  assert.ok(text.slice(last).trim() === '', `${name}: spans cover the end`);
}

for (const tokenizer of ['o200k_base', 'cl100k_base'] as TokenizerName[]) {
  test(`every fixture at every rate (${tokenizer}): faithful, within budget, spans cover the input`, async () => {
    for (const f of fixtures()) {
      for (const rate of RATES) {
        const name = `${f.name} @${rate}`;
        const { out, budget, count } = await compressAt(f.text, f.language, rate, { tokenizer });
        assert.ok(isFaithful(f.text, out.compressed), `${name}: output is a deletion of the input`);
        checkBudget(name, out, budget, count);
        checkSpans(name, f.text, out.spans);
        assert.equal(out.language, f.language);
        const kept = out.spans.filter((s) => s.kept).length;
        if (rate === 1) {
          assert.equal(out.compressed, f.text, `${name}: rate 1 keeps everything verbatim`);
          assert.equal(kept, out.spans.length);
        }
      }
    }
  });
}

test('every preset on every fixture at three rates: faithful and within budget', async () => {
  for (const preset of PRESETS) {
    for (const f of fixtures()) {
      for (const rate of [0.25, 0.5, 0.75]) {
        const { out, budget, count } = await compressAt(f.text, f.language, rate, { preset });
        assert.ok(isFaithful(f.text, out.compressed), `${f.name} ${preset} @${rate}: faithful`);
        checkBudget(`${f.name} ${preset} @${rate}`, out, budget, count);
      }
    }
  }
});

test('compression is deterministic', async () => {
  for (const f of fixtures()) {
    const a = await compressAt(f.text, f.language, 0.4, { question: 'how is the total computed' });
    const b = await compressAt(f.text, f.language, 0.4, { question: 'how is the total computed' });
    assert.equal(a.out.compressed, b.out.compressed, f.name);
    assert.deepEqual(a.out.spans, b.out.spans, f.name);
  }
});

/** rank of a public type under a paper preset (Symbol and Punctuation share a step there). */
function publicRanks(preset: PresetName): Map<string, number> {
  const ranks = new Map<string, number>();
  PRESET_ORDERS[preset].order.forEach((step, i) => {
    for (const cls of typeof step === 'string' ? [step] : step) ranks.set(cls === 'Punctuation' ? 'Symbol' : cls, i);
  });
  return ranks;
}

function checkPresetOrder(name: string, spans: Span[], preset: PresetName) {
  const ranks = publicRanks(preset);
  let maxDropped = -1;
  let minKept = Infinity;
  for (const s of spans) {
    const r = ranks.get(s.type!)!;
    if (s.kept) minKept = Math.min(minKept, r);
    else maxDropped = Math.max(maxDropped, r);
  }
  assert.ok(maxDropped <= minKept, `${name}: a ${preset} type was removed while an earlier one remained`);
}

test('token-level presets (repair, assertion) respect their order (no Signature removed while an Identifier remains, …)', async () => {
  const methods = [fixture('bugs2fix.java'), ...(bugs2fixSample(40) ?? [])];
  for (const preset of ['repair', 'assertion'] as PresetName[]) {
    for (const [i, text] of methods.entries()) {
      for (const rate of [0.2, 0.5, 0.8]) {
        const { out } = await compressAt(text, 'java', rate, { preset });
        assert.ok(!out.compressed.includes(ELISION), 'a lone method is never elided');
        checkPresetOrder(`method ${i} ${preset} @${rate}`, out.spans, preset);
      }
    }
  }
});

test('within a type, more frequent tokens go first', async () => {
  const text = fixture('bugs2fix.java');
  let checked = 0;
  for (const rate of [0.9, 0.8, 0.7, 0.6, 0.5]) {
    const { out } = await compressAt(text, 'java', rate, { preset: 'repair' });
    const ids = out.spans.filter((s) => s.type === 'Identifier');
    const word = (s: Span) => text.slice(s.start, s.end);
    const freq = new Map<string, number>();
    for (const s of ids) freq.set(word(s), (freq.get(word(s)) ?? 0) + 1);
    const top = Math.max(...freq.values());
    const droppedOnce = ids.some((s) => !s.kept && freq.get(word(s)) === 1);
    if (!ids.some((s) => !s.kept) || !ids.some((s) => s.kept)) continue;
    checked++;
    if (droppedOnce) {
      assert.ok(
        ids.filter((s) => freq.get(word(s)) === top).every((s) => !s.kept),
        `@${rate}: the most frequent identifier goes before singletons`,
      );
    }
    const droppedMean = mean(ids.filter((s) => !s.kept).map((s) => freq.get(word(s))!));
    const keptMean = mean(ids.filter((s) => s.kept).map((s) => freq.get(word(s))!));
    assert.ok(droppedMean >= keptMean, `@${rate}: dropped identifiers are the frequent ones`);
  }
  assert.ok(checked > 0, 'some rate stops inside the Identifier step');
});

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

test('context preset drops comments and docstrings first', async () => {
  const text = fixture('inventory.py');
  const { out } = await compressAt(text, 'python', 0.85);
  assert.ok(!/#\s*Lowest stock/.test(out.compressed), 'comment removed');
  assert.ok(!out.compressed.includes('One stock-keeping unit'), 'docstring removed');
  assert.ok(out.compressed.includes('def remove_stock(self, sku: str, amount: int) -> int:'), 'signatures intact');
});

test('a tight budget elides function bodies to ⋯ lines and keeps the signatures verbatim', async () => {
  const text = fixture('AccountService.java');
  const { out, budget, count } = await compressAt(text, 'java', 0.35);
  assert.match(out.compressed, /\) \{\n\s+⋯\n\s+\}/, 'an elided body is one ⋯ line between the braces');
  for (const sig of ['open(String owner, BigDecimal initialDeposit)', 'transfer(String fromId, String toId, BigDecimal amount)']) {
    assert.ok(out.compressed.includes(sig), `signature ${sig} kept`);
  }
  assert.ok(isFaithful(text, out.compressed));
  checkBudget('elision', out, budget, count);

  const py = await compressAt(fixture('inventory.py'), 'python', 0.3);
  assert.match(py.out.compressed, /def \w+\([^)]*\)( -> [\w[\]]+)?:\n\s+⋯/, 'Python bodies elide to an indented ⋯ line');
});

test('question-aware elision keeps the body of the relevant function', async () => {
  const text = fixture('AccountService.java');
  const a = await compressAt(text, 'java', 0.45, { question: 'Why does transfer throw InsufficientFundsException?' });
  assert.match(a.out.compressed, /throw new InsufficientFundsException\(fromId,? amount\)/, a.out.compressed);
  const b = await compressAt(text, 'java', 0.45, { question: 'How is the total balance summed?' });
  assert.ok(b.out.compressed.includes('total = total.add(account.getBalance())'), b.out.compressed);

  const go = await compressAt(fixture('worker.go'), 'go', 0.4, { question: 'what does Submit return once the pool is stopped?' });
  assert.ok(go.out.compressed.includes('return ErrStopped'), go.out.compressed);
});

test('rendering keeps lines, indentation, CRLF and tabs', async () => {
  const go = fixture('worker.go');
  const { out } = await compressAt(go, 'go', 0.7);
  for (const line of out.compressed.split('\n')) {
    if (line.trim()) assert.match(line, /^\t*\S/, `tab indentation kept: ${JSON.stringify(line)}`);
  }
  const crlf = fixture('server.js').replace(/\n/g, '\r\n');
  const r = await compressAt(crlf, 'javascript', 0.5);
  assert.ok(isFaithful(crlf, r.out.compressed));
  assert.ok(!/[^\r]\n/.test(r.out.compressed), 'every line break stays CRLF');
  assert.ok(r.out.compressed.includes('\r\n'));
});

test('a dropped token never glues two kept words together', async () => {
  const text = 'int a = b c d e f;\nreturn x y z;\n';
  for (const rate of [0.3, 0.5, 0.7]) {
    const { out } = await compressAt(text, undefined, rate);
    assert.ok(isFaithful(text, out.compressed), out.compressed);
  }
});

test('budget larger than the input returns the input unchanged', async () => {
  const text = fixture('cache.ts');
  const count = counters.o200k_base;
  const out = await compressCode({ text, budget: count(text) + 100, count, tokenizer: 'o200k_base', language: 'typescript', preset: 'context' });
  assert.equal(out.compressed, text);
  assert.ok(out.spans.every((s) => s.kept));
});

test('an aborted signal cancels', async () => {
  const controller = new AbortController();
  controller.abort();
  const count = counters.o200k_base;
  await assert.rejects(
    compressCode({ text: 'int x = 1;', budget: 2, count, tokenizer: 'o200k_base', language: 'c', preset: 'context', signal: controller.signal }),
    /cancelled/,
  );
});
