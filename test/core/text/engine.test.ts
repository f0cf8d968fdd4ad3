/** The prose engine on real ONNX sessions (tiny fixture models, both tokenizer families). No mocks. */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultModelDir } from '../../../src/core/assets';
import { budgetTolerance } from '../../../src/core/budget/budget';
import { tokenCounter } from '../../../src/core/budget/tokenizers';
import { TersifyError } from '../../../src/core/errors';
import { isFaithful } from '../../../src/core/faithfulness';
import type { TextEngineOptions, TokenizerName } from '../../../src/core/types';
import { compressText, disposeModels, scoreText } from '../../../src/core/text';
import { analyze } from '../../../src/core/text/engine';
import { segment, sentenceOfUnits } from '../../../src/core/text/words';
import { fixtureModel } from '../../helpers';

const MODELS = [fixtureModel('tiny-bert'), fixtureModel('tiny-unigram')];
after(() => disposeModels());

async function run(text: string, rate: number, options: TextEngineOptions, tokenizer: TokenizerName = 'o200k_base', question?: string) {
  const count = tokenCounter(tokenizer);
  const budget = Math.round(count(text) * rate);
  const out = await compressText({ text, budget, count, tokenizer, options, question });
  return { out, budget, count };
}

const DOC = [
  '# Quarterly report',
  '',
  'The company said on Monday that prices rose 3.5 percent in London. Analysts expected less!',
  'Why did it happen? Nobody really knows, see https://example.com/report?id=42 for details.',
  '',
  '- first item: revenue grew strongly in the third quarter',
  '- second item, with `inline code` and more words here',
  '  1. nested ordered item about costs and margins',
  '',
  '> A quoted remark from the chief executive officer.',
  'Unicode: 我爱北京天安门，今天天气很好。 Emoji 👨‍👩‍👧 in a sentence, e\u0301tude and naïve café.\r',
  'Last line without newline',
].join('\n');

const PREFIX = /^[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>[ \t])?/;

/** Output lines correspond, in order, to the input lines that keep a word, with the same indentation and marker. */
function assertFormatting(text: string, out: { compressed: string; spans: { start: number; end: number; kept: boolean }[] }) {
  const lines: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    if (m[0] === '' && m.index === text.length) break;
    lines.push({ start: m.index!, end: m.index! + m[0].length });
  }
  const expected = lines
    .filter((l) => out.spans.some((s) => s.kept && s.start >= l.start && s.start < l.end))
    .map((l) => PREFIX.exec(text.slice(l.start, l.end))![0]);
  const got = out.compressed
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => PREFIX.exec(l)![0]);
  assert.deepEqual(got, expected);
}

for (const model of MODELS) {
  const name = model.split('/').pop();
  test(`${name}: faithful, formatted, within budget over many rates, both target tokenizers`, async () => {
    for (const tokenizer of ['o200k_base', 'cl100k_base'] as const) {
      for (const rate of [0.1, 0.2, 0.33, 0.5, 0.66, 0.8, 0.95, 1]) {
        const { out, budget, count } = await run(DOC, rate, { model }, tokenizer);
        assert.ok(isFaithful(DOC, out.compressed), `faithful at ${rate}`);
        assert.equal(out.compressedTokens, count(out.compressed));
        const tol = budgetTolerance(budget);
        assert.ok(out.compressedTokens <= tol.max, `${out.compressedTokens} <= ${tol.max} at ${rate}`);
        if (!out.notes.some((n) => n.includes('forced content'))) {
          assert.ok(out.compressedTokens >= tol.min, `${out.compressedTokens} >= ${tol.min} (budget ${budget}) at ${rate}`);
        }
        assertFormatting(DOC, out);
        // Spans: every word of the input, in order, with offsets into the input and p in [0, 1].
        let prev = 0;
        for (const s of out.spans) {
          assert.ok(s.start >= prev && s.end > s.start && s.end <= DOC.length);
          assert.ok(s.p! >= 0 && s.p! <= 1);
          prev = s.end;
        }
        const kept = out.spans.filter((s) => s.kept).map((s) => DOC.slice(s.start, s.end));
        for (const w of kept) assert.ok(out.compressed.includes(w), `kept word ${w} is in the output`);
        assert.ok(!out.compressed.includes('https://example.com/report?') || out.compressed.includes('https://example.com/report?id=42'), 'URL kept whole');
        if (rate === 1) assert.equal(out.compressed, DOC);
      }
    }
  });

  test(`${name}: force tokens survive exactly with content of their sentence (dropConsecutive off), custom and multi-character ones too`, async () => {
    const seg = segment(DOC);
    const sentenceOf = sentenceOfUnits(seg);
    for (const rate of [0.1, 0.3, 0.6]) {
      const { out } = await run(DOC, rate, { model, dropConsecutive: false, forceTokens: ['\n', '?', '.', '!', 'chief executive'] });
      const withContent = new Set<number>();
      out.spans.forEach((s, i) => {
        if (s.kept && /[\p{L}\p{N}]/u.test(DOC.slice(s.start, s.end))) withContent.add(sentenceOf[seg.words[i].unit]);
      });
      out.spans.forEach((s, i) => {
        const w = DOC.slice(s.start, s.end);
        const hasContent = withContent.has(sentenceOf[seg.words[i].unit]);
        if (['?', '.', '!'].includes(w)) assert.equal(s.kept, hasContent, `force token ${w}@${s.start} kept iff its sentence keeps content`);
      });
      assert.ok(out.compressed.includes('chief executive'));
      assert.ok(
        out.spans.some((s) => DOC.slice(s.start, s.end) === '3.5 percent'), // a fact: number and unit are one word
        'a number is one word: its inner "." is not a force token',
      );
    }
    const digits = await run(DOC, 0.2, { model, forceDigits: true });
    assert.ok(digits.out.compressed.includes('3.5') && digits.out.compressed.includes('https://example.com/report?id=42'));
  });

  test(`${name}: scoreText offsets are exact on tricky Unicode`, async () => {
    const text = 'Héllo 👨‍👩‍👧 wörld,\r\n中文字 e\u0301tude 🇫🇷! x';
    const { words, provider, model: m } = await scoreText(text, { model });
    assert.equal(provider, 'cpu');
    assert.equal(m, model);
    assert.deepEqual(
      words.map((w) => w.text),
      ['Héllo', '👨‍👩‍👧', 'wörld', ',', '中', '文', '字', 'e\u0301tude', '🇫🇷', '!', 'x'],
    );
    for (const w of words) {
      assert.equal(text.slice(w.start, w.end), w.text);
      assert.ok(w.p >= 0 && w.p <= 1);
    }
    assert.equal(words.find((w) => w.text === '!')!.p, 1, 'force tokens get p = 1');
  });

  test(`${name}: a single enormous word and multi-chunk input`, async () => {
    const huge = 'start ' + 'abcdefghij'.repeat(600) + ' end. ' + 'The company said prices rose. '.repeat(120);
    const { out, budget } = await run(huge, 0.4, { model });
    assert.ok(isFaithful(huge, out.compressed));
    assert.ok(out.compressedTokens <= budgetTolerance(budget).max);
  });

  test(`${name}: a word's score does not depend on which chunks share a model run (padding, batch size)`, async () => {
    const text = `${'The company said prices rose 3.5 percent in London. '.repeat(90)}\nShort last line here.`;
    const alone = await analyze(text, { model, batchTokens: 1 });
    const together = await analyze(text, { model, batchTokens: 1 << 20 });
    assert.ok(new Set(alone.unitChunk).size > 2, 'several chunks of different lengths');
    alone.wordP.forEach((p, i) => assert.ok(Math.abs(p - together.wordP[i]) < 1e-5, `word ${i}: ${p} vs ${together.wordP[i]}`));
  });
}

/** numpy.percentile (linear), written independently of the engine. */
function npPercentile(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const h = ((v.length - 1) * q) / 100;
  const i = Math.floor(h);
  return i + 1 < v.length ? v[i] + (h - i) * (v[i + 1] - v[i]) : v[i];
}

test('perChunk reproduces the published per-chunk threshold rule (golden cases computed here)', async () => {
  const text =
    'The committee met on Tuesday to discuss the budget for next year. Several members raised concerns ' +
    'about rising costs, while others argued that investment in research was essential. The chair asked ' +
    'everyone to send written comments before the next meeting.';
  for (const model of MODELS) {
    for (const tokenizer of ['o200k_base', 'cl100k_base'] as const) {
      const count = tokenCounter(tokenizer);
      for (const rate of [0.2, 0.33, 0.5, 0.7]) {
        const budget = Math.round(count(text) * rate);
        const out = await compressText({
          text,
          budget,
          count,
          tokenizer,
          options: { model, perChunk: true, dropConsecutive: false },
        });
        // LLMLingua-2: repeat each word's p once per target-LLM token, q = int(100(1-rate)+1), keep p > threshold.
        const r = budget / count(text);
        const words = out.spans.map((s) => ({ w: text.slice(s.start, s.end), p: s.p! }));
        const repeated = words.flatMap(({ w, p }) => Array(Math.max(1, count(w))).fill(p));
        const threshold = npPercentile(repeated, Math.floor(100 * (1 - r) + 1));
        const expected = words.map(({ p }) => p > threshold || (threshold === 1 && p === 1));
        assert.deepEqual(
          out.spans.map((s) => s.kept),
          expected,
          `${model} ${tokenizer} ${rate}`,
        );
        assert.ok(isFaithful(text, out.compressed));
      }
    }
  }
});

test('an unavailable execution provider falls back to CPU with the reason reported', async () => {
  const count = tokenCounter('o200k_base');
  const other = process.platform === 'win32' ? 'coreml' : 'dml';
  const out = await compressText({
    text: 'Hello world, this is a test.',
    budget: 4,
    count,
    tokenizer: 'o200k_base',
    options: { model: MODELS[0], executionProvider: other },
  });
  assert.equal(out.provider, 'cpu');
  assert.ok(
    out.notes.some((n) => n.includes(`"${other}" is not supported`)),
    out.notes.join('; '),
  );
  const cuda = await compressText({
    text: 'Hello world.',
    budget: 2,
    count,
    tokenizer: 'o200k_base',
    options: { model: MODELS[0], executionProvider: 'cuda', threads: 1 },
  });
  if (cuda.provider === 'cpu')
    assert.ok(
      cuda.notes.some((n) => /cuda/.test(n)),
      'a reason is given for cuda',
    );
  else assert.equal(cuda.provider, 'cuda');
});

async function rejectsNaming(model: string, file: string) {
  const count = tokenCounter('o200k_base');
  await assert.rejects(
    compressText({ text: 'Hello world.', budget: 2, count, tokenizer: 'o200k_base', options: { model } }),
    (e: unknown) => e instanceof TersifyError && e.code === 'model' && e.message.includes(file),
  );
}

test('missing, truncated or corrupt model files give a clear error naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tersify-model-'));
  try {
    await rejectsNaming(join(dir, 'nope'), join(dir, 'nope'));
    const copy = (skip: string) => {
      const d = mkdtempSync(join(dir, 'm-'));
      for (const f of ['model.onnx', 'tokenizer.json', 'config.json', 'tokenizer_config.json']) {
        if (f !== skip) copyFileSync(join(MODELS[0], f), join(d, f));
      }
      return d;
    };
    for (const f of ['model.onnx', 'tokenizer.json', 'config.json']) await rejectsNaming(copy(f), join(f));
    const truncated = copy('');
    writeFileSync(join(truncated, 'model.onnx'), new Uint8Array(readFileSync(join(MODELS[0], 'model.onnx'))).subarray(0, 5000));
    await rejectsNaming(truncated, 'model.onnx');
    const badJson = copy('');
    writeFileSync(join(badJson, 'config.json'), '{"id2label": {"0": ');
    await rejectsNaming(badJson, 'config.json');
    const badTok = copy('');
    writeFileSync(join(badTok, 'tokenizer.json'), '{"version": "1.0"}');
    await rejectsNaming(badTok, 'tokenizer.json');
    const empty = copy('');
    writeFileSync(join(empty, 'model.onnx'), '');
    await rejectsNaming(empty, 'model.onnx');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an install without the default model gives a clear error naming the missing file', async () => {
  const { mkdtempSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { setAssetRoot } = await import('../../../src/core/assets');
  const root = mkdtempSync(join(tmpdir(), 'tersify-no-model-'));
  mkdirSync(join(root, 'models'));
  setAssetRoot(root);
  try {
    const count = tokenCounter('o200k_base');
    await assert.rejects(
      compressText({ text: 'Hello world. Another sentence here.', budget: 2, count, tokenizer: 'o200k_base', options: {} }),
      (e: unknown) => e instanceof TersifyError && e.message.includes(join(root, 'models', 'tersify-small-en')) && /not installed/.test(e.message),
    );
  } finally {
    setAssetRoot(undefined);
    rmSync(root, { recursive: true, force: true });
  }
  assert.ok(existsSync(join(defaultModelDir(), 'model.onnx')), 'the real install has its model');
});

test('empty input gives empty output; whitespace-only input stays as it is', async () => {
  const count = tokenCounter('o200k_base');
  const out = await compressText({ text: '', budget: 0, count, tokenizer: 'o200k_base', options: { model: MODELS[0] } });
  assert.equal(out.compressed, '');
  assert.deepEqual(out.spans, []);
  const ws = await compressText({ text: '  \n\n', budget: 0, count, tokenizer: 'o200k_base', options: { model: MODELS[0] } });
  assert.ok(isFaithful('  \n\n', ws.compressed));
  assert.deepEqual(ws.spans, []);
});

test('a cancelled request stops with a "cancelled" error', async () => {
  const count = tokenCounter('o200k_base');
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(
    compressText({ text: 'Hello world.', budget: 2, count, tokenizer: 'o200k_base', options: { model: MODELS[0] }, signal: ctl.signal }),
    (e: unknown) => e instanceof TersifyError && e.code === 'cancelled',
  );
});

test('a label named "keep" in config.json decides the keep index', async () => {
  const { keepLabelIndex } = await import('../../../src/core/text/model-files');
  assert.deepEqual(keepLabelIndex({ '0': 'LABEL_0', '1': 'LABEL_1' }), { keepIndex: 1, numLabels: 2 });
  assert.deepEqual(keepLabelIndex({ '0': 'preserve', '1': 'discard' }), { keepIndex: 0, numLabels: 2 });
  assert.deepEqual(keepLabelIndex({ '0': 'drop', '1': 'keep' }), { keepIndex: 1, numLabels: 2 });
});

test('question-aware compression keeps the sentence and values the question asks about', async () => {
  const text =
    'The museum opened in 1931 and houses paintings from many centuries. Its garden is known for roses. ' +
    'The Panthers defense gave up just 308 points, ranking sixth in the league. The stadium seats 75,000 people ' +
    'and was renovated twice. Tickets are sold online and at the gate.';
  const question = 'How many points did the Panthers defense give up?';
  for (const model of MODELS) {
    const { out, budget } = await run(text, 0.4, { model }, 'o200k_base', question);
    assert.ok(out.compressed.includes('308'), out.compressed);
    assert.ok(out.compressed.includes('Panthers'));
    assert.ok(out.compressedTokens <= budgetTolerance(budget).max);
    assert.ok(isFaithful(text, out.compressed));
    const scored = await scoreText(text, { model, question });
    const p308 = scored.words.find((w) => w.text === '308')!.p;
    const plain = (await scoreText(text, { model })).words.find((w) => w.text === '308')!.p;
    assert.ok(p308 >= plain, 'relevance raises the score');
  }
});
