import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgetTolerance } from '../../src/core/budget/budget';
import { countTokens } from '../../src/core/budget/tokenizers';
import { isFaithful } from '../../src/core/faithfulness';
import { fixtureModel, repoRoot, runCli } from '../helpers';

const javaPath = join(repoRoot, 'test/fixtures/cli/Method.java');
const java = readFileSync(javaPath, 'utf8');

test('--help lists the commands and exits 0; --version prints the version', async () => {
  const h = await runCli(['--help']);
  assert.equal(h.code, 0);
  for (const word of ['compress', 'score', '--jsonl', 'mcp', '--target-tokens', '--preset']) assert.ok(h.stdout.includes(word), word);
  const v = await runCli(['--version']);
  assert.match(v.stdout, /^tersify \d+\.\d+\.\d+/);
});

test('usage errors exit with 2 and a one-line message', async () => {
  for (const args of [
    ['compress', '--rate', '1.5'],
    ['compress', '--rate', 'abc'],
    ['compress', '--rate', '0'],
    ['compress', '--target-tokens', '-4'],
    ['compress', '--mode', 'poetry'],
    ['compress', '--preset', 'nope'],
    ['compress', '--tokenizer', 'gpt2'],
    ['compress', '--frobnicate'],
    ['explode'],
    ['score', javaPath],
  ]) {
    const r = await runCli(args, 'some text to compress');
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code} ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^tersify: /);
    assert.equal(r.stdout, '');
  }
});

test('a missing file is a usage error; binary input is refused with exit 1', async () => {
  const missing = await runCli(['compress', 'no/such/file.ts']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
  const bin = await runCli(['compress', '-'], Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
  assert.equal(bin.code, 1);
  assert.match(bin.stderr, /binary input/);
});

test('empty input gives empty output with zero counts', async () => {
  const r = await runCli(['compress', '--json'], '');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.compressed, '');
  assert.equal(j.originalTokens, 0);
  assert.equal(j.compressedTokens, 0);
});

test('Java repair preset at rate 0.5 is faithful and budget-exact', async () => {
  const r = await runCli(['compress', '--mode', 'code', '--language', 'java', '--preset', 'repair', '--rate', '0.5'], java);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.replace(/\n$/, '');
  const budget = Math.round(countTokens(java) * 0.5);
  const tokens = countTokens(out);
  assert.ok(isFaithful(java, out));
  assert.ok(tokens <= budgetTolerance(budget).max && tokens >= budgetTolerance(budget).min, `${tokens} vs ${budget}`);
  assert.match(r.stderr, /tersify: .* → .* tokens \(−\d+%\)/, 'a savings line on stderr');
  assert.ok(out.includes('applyDiscount'), 'repair keeps the signature');
});

test('compress --jsonl answers every line, keeps ids, and reports bad lines without stopping', async () => {
  const lines = [
    JSON.stringify({ id: 'a', text: java, mode: 'code', language: 'java', rate: 0.4 }),
    'this is not json',
    JSON.stringify({ id: 'b', text: 'x', rate: 3 }),
    JSON.stringify({ id: 'c' }),
    JSON.stringify({ id: 'd', text: 'def f(x):\n    return x * 2\n', language: 'python', targetTokens: 6 }),
    '',
    JSON.stringify({ id: 'e', text: '' }),
  ];
  const r = await runCli(['compress', '--jsonl'], lines.join('\n') + '\n');
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(out.length, 6);
  const byId = new Map(out.map((o) => [o.id, o]));
  const a = byId.get('a');
  assert.ok(a.compressed.length > 0 && a.compressedTokens < a.originalTokens);
  assert.equal(a.mode, 'code');
  assert.equal(a.language, 'java');
  assert.equal(typeof a.ms, 'number');
  assert.equal(a.ratio, Number((a.compressedTokens / a.originalTokens).toFixed(4)));
  assert.match(out.find((o) => o.id === null).error, /not valid JSON/);
  assert.match(byId.get('b').error, /rate/);
  assert.match(byId.get('c').error, /text/);
  assert.ok(byId.get('d').compressedTokens <= 6);
  assert.equal(byId.get('e').compressed, '');
});

test('score --jsonl gives word offsets into the text and probabilities in [0, 1]', async () => {
  const text = 'Tersify keeps the words that matter, 東京 and émigrés too.\nSecond line?';
  const r = await runCli(['score', '--jsonl', '--model', fixtureModel('tiny-bert')], JSON.stringify({ id: 'w', text }) + '\n');
  assert.equal(r.code, 0, r.stderr);
  const [res] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(res.id, 'w');
  assert.ok(res.words.length >= 10);
  for (const w of res.words) {
    assert.equal(text.slice(w.start, w.end), w.text);
    assert.ok(w.p >= 0 && w.p <= 1);
  }
});

test('the library bundle (dist/lib.js) works from plain Node without TypeScript', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `const t = require(${JSON.stringify(join(repoRoot, 'dist/lib.js'))});
    t.compress(${JSON.stringify(java)}, { language: 'java', rate: 0.5 }).then((r) => console.log(JSON.stringify({ c: r.compressed, n: r.compressedTokens, b: r.budget })));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: '/' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(isFaithful(java, out.c));
  assert.ok(out.n <= out.b);
});
