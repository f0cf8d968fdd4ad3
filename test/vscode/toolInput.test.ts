import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { requestBudget } from '../../src/core/budget/budget';
import { packContext } from '../../src/core/contextPack';
import { outcomes } from '../../src/vscode/files/sources';
import { invocationMessage, parseToolInput, resolveToolPath, toolResultText } from '../../src/vscode/tools/input';

const one = [{ name: 'shop', fsPath: '/w/shop' }];
const two = [...one, { name: 'lib', fsPath: '/w/lib' }];

test('tool input is checked; the error goes back to the model as text', () => {
  assert.deepEqual(parseToolInput({ paths: [' src/a.ts '], question: ' why? ', targetTokens: 300, rate: 0.4 }), {
    input: { paths: ['src/a.ts'], question: 'why?', targetTokens: 300, rate: 0.4 },
  });
  assert.deepEqual(parseToolInput({ paths: ['a'], question: '  ' }), { input: { paths: ['a'] } });
  for (const bad of [null, 'src/a.ts', {}, { paths: [] }, { paths: [''] }, { paths: [1] }, { paths: ['a'], targetTokens: 0 }, { paths: ['a'], targetTokens: 2.5 }, { paths: ['a'], rate: 0 }, { paths: ['a'], rate: 1.5 }, { paths: ['a'], question: 3 }]) {
    assert.ok('error' in parseToolInput(bad), JSON.stringify(bad));
  }
});

test('only files inside the workspace folders are read: relative, absolute, file URI, multi-root', () => {
  assert.deepEqual(resolveToolPath('src/a.ts', one), { folder: 0, segments: ['src', 'a.ts'], display: 'src/a.ts' });
  assert.deepEqual(resolveToolPath('./src//a.ts', one), { folder: 0, segments: ['src', 'a.ts'], display: 'src/a.ts' });
  assert.deepEqual(resolveToolPath('/w/shop/src/a.ts', one), { folder: 0, segments: ['src', 'a.ts'], display: 'src/a.ts' });
  assert.deepEqual(resolveToolPath(pathToFileURL('/w/shop/src/a b.ts').href, one), { folder: 0, segments: ['src', 'a b.ts'], display: 'src/a b.ts' });
  assert.deepEqual(resolveToolPath('lib/util.ts', two), { folder: 1, segments: ['util.ts'], display: 'lib/util.ts' });
  assert.deepEqual(resolveToolPath('/w/lib/util.ts', two), { folder: 1, segments: ['util.ts'], display: 'lib/util.ts' });
  assert.deepEqual(resolveToolPath('src/a.ts', two), { folder: 0, segments: ['src', 'a.ts'], display: 'shop/src/a.ts' });
  for (const outside of ['../secrets.env', 'src/../../lib/x.ts', '/etc/passwd', '/w/shopping/a.ts', 'file:///etc/passwd', '/w/shop', '.']) {
    assert.ok('refused' in resolveToolPath(outside, one), outside);
  }
  assert.deepEqual(resolveToolPath('https://example.com/a.ts', one), { refused: 'only files in the workspace can be read' });
  assert.deepEqual(resolveToolPath('/w/shop/', one), { refused: 'a workspace folder, not a file' });
  assert.deepEqual(resolveToolPath('src/a.ts', []), { refused: 'no workspace folder is open' });
});

test('budget: an explicit target means that many tokens; VS Code\'s result budget caps it', () => {
  assert.deepEqual(requestBudget({ settingsRate: 0.5 }), { rate: 0.5 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, targetTokens: 800 }), { rate: 1, targetTokens: 800 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, targetTokens: 800, tokenBudget: 300.7 }), { rate: 1, targetTokens: 300 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, rate: 0.3, tokenBudget: 1000 }), { rate: 0.3, targetTokens: 1000 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, tokenBudget: Number.POSITIVE_INFINITY }), { rate: 0.5 });
});

test('prepareInvocation lists what will be read', () => {
  assert.equal(invocationMessage({ paths: ['src/a.ts', 'src/b.ts'], question: 'q' }), 'Tersify: reading and compressing 2 files: `src/a.ts`, `src/b.ts` (question-aware)');
  assert.equal(invocationMessage({ paths: ['a.ts'], targetTokens: 1500 }), 'Tersify: reading and compressing 1 file to 1,500 tokens: `a.ts`');
  assert.match(invocationMessage({ paths: ['1', '2', '3', '4', '5', '6', '7'], rate: 0.25 }), /7 files to 25%: .*`5`, … \(2 more\)$/);
});

test('the result against the real engine: `## path` blocks, refusals, one savings line matching the e2e contract', async () => {
  const repo = join(__dirname, '..', '..');
  const folders = [{ name: 'tersify', fsPath: repo }];
  const a = resolveToolPath('src/core/files.ts', folders);
  assert.ok(!('refused' in a));
  const text = (await import('node:fs')).readFileSync(join(repo, 'src/core/files.ts'), 'utf8');
  const packed = await packContext({ sources: [{ path: a.display, text }], question: 'How is the budget shared?', ...requestBudget({ settingsRate: 0.4 }) });
  const out = toolResultText({
    text: packed.text,
    files: outcomes(packed).done,
    before: packed.originalTokens,
    after: packed.compressedTokens,
    skipped: [{ label: '../x', reason: 'outside the workspace folders' }],
  });
  assert.match(out, /^## src\/core\/files\.ts\n```typescript\n/);
  const lines = out.split('\n');
  assert.match(lines.at(-1)!, /^1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  assert.match(out, /tokens \(−\d+%\)/);
  assert.equal(lines.at(-2), 'Skipped 1: ../x (outside the workspace folders).');
  assert.ok(packed.compressedTokens <= packed.originalTokens * 0.5);
  assert.equal(toolResultText({ text: '', files: 0, before: 0, after: 0, skipped: [{ label: '/etc/passwd', reason: 'outside the workspace folders' }] }), 'Nothing was compressed. Skipped 1: /etc/passwd (outside the workspace folders).');
});
