import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgetTolerance, isBudgetNote } from '../../src/core/budget/budget';
import { countTokens } from '../../src/core/budget/tokenizers';
import { compress } from '../../src/core/compress';
import { TersifyError } from '../../src/core/errors';
import { compressFiles } from '../../src/core/files';
import { isFaithful } from '../../src/core/faithfulness';
import { fixtureModel, repoRoot } from '../helpers';

const model = fixtureModel('tiny-bert');
const example = readFileSync(join(repoRoot, 'examples/retrieved-context.md'), 'utf8');

test('mixed Markdown: prose and fenced code are each compressed in their own mode, to one shared budget', async () => {
  for (const rate of [0.3, 0.5, 0.7]) {
    for (const tokenizer of ['o200k_base', 'cl100k_base'] as const) {
      const r = await compress(example, { rate, tokenizer, model });
      assert.equal(r.mode, 'mixed');
      assert.ok(isFaithful(example, r.compressed));
      assert.equal(r.compressedTokens, countTokens(r.compressed, tokenizer));
      const { min, max } = budgetTolerance(r.budget);
      assert.ok(r.compressedTokens <= max && r.compressedTokens >= min, `${rate} ${tokenizer}: ${r.compressedTokens} vs ${r.budget}`);
      const kinds = r.segments.map((s) => s.kind);
      assert.deepEqual(kinds, ['text', 'passthrough', 'code', 'passthrough', 'text']);
      assert.equal(r.segments[2].language, 'typescript');
      for (const s of r.segments.filter((s) => s.kind !== 'passthrough')) {
        assert.ok(s.compressedTokens < s.originalTokens, `${s.kind} segment was compressed`);
      }
      assert.match(r.compressed, /^```typescript$/m, 'fence lines survive on their own lines');
      assert.equal(r.compressed.match(/^```/gm)?.length, 2);
      assert.equal(r.provider, 'cpu');
    }
  }
});

test('spans cover the input in order and mark what was dropped', async () => {
  const r = await compress(example, { rate: 0.4, model });
  let last = 0;
  for (const s of r.spans) {
    assert.ok(s.start >= last && s.end > s.start && s.end <= example.length);
    assert.equal(example.slice(s.start, s.end).trim().length > 0, true);
    last = s.end;
  }
  const dropped = r.spans.filter((s) => !s.kept).length;
  assert.ok(dropped > 0 && dropped < r.spans.length);
  assert.ok(
    r.spans.some((s) => s.type === 'Comment'),
    'code spans carry their token type',
  );
  assert.ok(
    r.spans.some((s) => typeof s.p === 'number'),
    'prose spans carry a keep probability',
  );
});

test('auto mode: a code file name or sniffed code goes to the code compressor, prose to the model', async () => {
  const py = 'import os\n\ndef main(argv):\n    """Entry point."""\n    for name in os.listdir(argv[1]):\n        print(name)\n';
  const byName = await compress(py, { filename: 'tool.py', rate: 0.6 });
  assert.equal(byName.mode, 'code');
  assert.equal(byName.language, 'python');
  const sniffed = await compress(py, { rate: 0.6 });
  assert.equal(sniffed.mode, 'code');
  const prose = await compress('The meeting moved to Thursday because the venue was double-booked. Everyone agreed.', { rate: 0.5, model });
  assert.equal(prose.mode, 'text');
});

test('an unsupported fence language falls back to the lexical tokenizer and says so', async () => {
  const text = 'Look at this:\n\n```cobol\nMOVE A TO B.\nDISPLAY "HELLO WORLD".\nSTOP RUN.\n```\n';
  const r = await compress(text, { rate: 0.6, model });
  assert.ok(isFaithful(text, r.compressed));
  assert.ok(
    r.notes.some((n) => /cobol/.test(n) && /fallback/.test(n)),
    r.notes.join('; '),
  );
});

test('empty input gives itself back with zero counts; blank input at rate 1 is unchanged', async () => {
  const empty = await compress('');
  assert.equal(empty.compressed, '');
  assert.equal(empty.originalTokens, 0);
  assert.equal(empty.mode, 'empty');
  const blank = await compress('  \n\t\n', { rate: 1 });
  assert.equal(blank.compressed, '  \n\t\n');
  assert.equal(blank.mode, 'empty');
});

test('bad options are usage errors before any work; rate 1 changes nothing', async () => {
  for (const bad of [{ mode: 'prose' }, { preset: 'fast' }, { tokenizer: 'p50k' }, { threads: -1 }, { rate: 2 }]) {
    await assert.rejects(compress('abc def', bad as never), (e: unknown) => e instanceof TersifyError && e.code === 'usage', JSON.stringify(bad));
  }
  const code = 'const x = compute(a, b); // why\n';
  assert.equal((await compress(code, { rate: 1, language: 'typescript' })).compressed, code);
});

test('an aborted signal cancels with a clear error', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(compress(example, { model, signal: ac.signal }), (e: unknown) => e instanceof TersifyError && e.code === 'cancelled');
});

test('options of the wrong type get a usage error naming the field (one schema for every front end)', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ question: 5 }, /^question must be a string, got number 5$/],
    [{ language: {} }, /^language must be a string, got an object$/],
    [{ filename: ['a.ts'] }, /^filename must be a string, got an array$/],
    [{ mode: 3 }, /^unknown mode number 3 \(expected one of: auto, text, code\)$/],
    [{ forceTokens: 'x' }, /^forceTokens must be an array of strings$/],
    [{ forceDigits: 'yes' }, /^forceDigits must be true or false, got "yes"$/],
    [{ threads: 1.5 }, /^threads must be an integer in \[0, 256\], got number 1.5$/],
    [{ tokenizer: null }, /^unknown tokenizer null/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(
      compress('Some words to compress here.', options as never),
      (e: unknown) => e instanceof TersifyError && e.code === 'usage' && message.test(e.message),
      JSON.stringify(options),
    );
    await assert.rejects(
      compressFiles([{ path: 'a.md', text: 'Some words.' }], options as never),
      (e: unknown) => e instanceof TersifyError && message.test(e.message),
    );
  }
  await assert.rejects(compress('text', 'fast' as never), (e: unknown) => e instanceof Error && e.message === 'options must be an object, got "fast"');
});

test('whitespace-only input over its budget is cut to the budget, never returned whole', async () => {
  for (const ws of ['\n \t'.repeat(40), ' \u3000\n'.repeat(30), '\r\n\r\n  \t'.repeat(25)]) {
    const original = countTokens(ws);
    for (const targetTokens of [1, 20, Math.floor(original / 2)]) {
      const r = await compress(ws, { targetTokens });
      const { min } = budgetTolerance(targetTokens);
      assert.ok(
        r.compressedTokens <= targetTokens && r.compressedTokens >= Math.min(min, original),
        `${JSON.stringify(ws.slice(0, 6))}: ${original} → ${r.compressedTokens} of ${targetTokens}`,
      );
      assert.equal(countTokens(r.compressed), r.compressedTokens);
      assert.ok(ws.startsWith(r.compressed));
    }
  }
});

test('a result far under its budget says so (one literal that cannot be cut finer)', async () => {
  const code = `TABLE = (\n    "${'abcd efgh '.repeat(120)}"\n)\nprint(len(TABLE))\n`;
  for (const rate of [0.3, 0.5, 0.8]) {
    const r = await compress(code, { mode: 'code', language: 'python', rate });
    assert.ok(isFaithful(code, r.compressed));
    const within = r.compressedTokens >= budgetTolerance(r.budget).min && r.compressedTokens <= r.budget;
    assert.ok(within || r.notes.some(isBudgetNote), `rate ${rate}: ${r.compressedTokens} of ${r.budget} with notes ${JSON.stringify(r.notes)}`);
  }
});

test('a fenced block whose body keeps no letter or digit goes with its fences (no debris fence pairs)', async () => {
  const prose = 'The debug module lets you toggle the debug output for different parts of your module as well as the module as a whole. ';
  const text = `# debug\n\n${prose.repeat(6)}\n\n## Installation\n\n\`\`\`bash\n$ npm install debug\n\`\`\`\n\n${prose.repeat(6)}\n`;
  for (const rate of [0.1, 0.2, 0.3, 0.5]) {
    const r = await compress(text, { rate, model: fixtureModel('tiny-bert') });
    assert.ok(isFaithful(text, r.compressed));
    assert.ok(r.compressedTokens <= r.budget);
    assert.doesNotMatch(r.compressed, /```\w*\n[^\p{L}\p{N}]*```/u, `rate ${rate}: ${JSON.stringify(r.compressed)}`);
    if (/npm install/.test(r.compressed)) assert.match(r.compressed, /```bash\n[^`]*npm install[^`]*\n```/, 'a kept body keeps its fences');
  }
});
