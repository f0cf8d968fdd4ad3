import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { requestBudget } from '../../../src/core/budget/budget';
import { packContext } from '../../../src/core/contextPack';
import { outcomes, readSourceFiles, sourcesResultText, workspaceRoots } from '../../../src/core/sources';
import { invocationMessage, parseToolInput } from '../../../src/vscode/tools/input';

test('tool input is checked; the error goes back to the model as text', () => {
  assert.deepEqual(parseToolInput({ paths: [' src/a.ts '], question: ' why? ', targetTokens: 300, rate: 0.4 }), {
    input: { paths: ['src/a.ts'], question: 'why?', targetTokens: 300, rate: 0.4 },
  });
  assert.deepEqual(parseToolInput({ paths: ['a'], question: '  ' }), { input: { paths: ['a'] } });
  for (const bad of [
    null,
    'src/a.ts',
    {},
    { paths: [] },
    { paths: [''] },
    { paths: [1] },
    { paths: ['a'], targetTokens: 0 },
    { paths: ['a'], targetTokens: 2.5 },
    { paths: ['a'], rate: 0 },
    { paths: ['a'], rate: 1.5 },
    { paths: ['a'], question: 3 },
  ]) {
    assert.ok('error' in parseToolInput(bad), JSON.stringify(bad));
  }
});

test("budget: an explicit target means that many tokens; VS Code's result budget caps it", () => {
  assert.deepEqual(requestBudget({ settingsRate: 0.5 }), { rate: 0.5 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, targetTokens: 800 }), { rate: 1, targetTokens: 800 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, targetTokens: 800, tokenBudget: 300.7 }), { rate: 1, targetTokens: 300 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, rate: 0.3, tokenBudget: 1000 }), { rate: 0.3, targetTokens: 1000 });
  assert.deepEqual(requestBudget({ settingsRate: 0.5, tokenBudget: Number.POSITIVE_INFINITY }), { rate: 0.5 });
});

test('prepareInvocation lists what will be read', () => {
  assert.equal(
    invocationMessage({ paths: ['src/a.ts', 'src/b.ts'], question: 'q' }),
    'Tersify: reading and compressing 2 files: `src/a.ts`, `src/b.ts` (question-aware)',
  );
  assert.equal(invocationMessage({ paths: ['a.ts'], targetTokens: 1500 }), 'Tersify: reading and compressing 1 file to 1,500 tokens: `a.ts`');
  assert.match(invocationMessage({ paths: ['1', '2', '3', '4', '5', '6', '7'], rate: 0.25 }), /7 files to 25%: .*`5`, … \(2 more\)$/);
});

test('the result against the real engine: `## path` blocks, refusals, one savings line matching the e2e contract', async () => {
  const repo = join(__dirname, '..', '..', '..');
  // The tool's rules (tool.ts reads through vscode glue that applies the same core/sources rules).
  const { sources, skipped } = await readSourceFiles(['src/core/files.ts', '../x'], workspaceRoots([{ name: 'tersify', fsPath: repo }]));
  assert.deepEqual(
    sources.map((s) => s.path),
    ['src/core/files.ts'],
  );
  const packed = await packContext({ sources, question: 'How is the budget shared?', ...requestBudget({ settingsRate: 0.4 }) });
  const out = sourcesResultText({ text: packed.text, files: outcomes(packed).done, before: packed.originalTokens, after: packed.compressedTokens, skipped });
  assert.match(out, /^## src\/core\/files\.ts\n```typescript\n/);
  const lines = out.split('\n');
  assert.match(lines.at(-1)!, /^1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  assert.equal(lines.at(-2), 'Skipped 1: ../x (outside the workspace folders).');
  assert.ok(packed.compressedTokens <= packed.originalTokens * 0.5);
  assert.equal(
    sourcesResultText({ text: '', files: 0, before: 0, after: 0, skipped: [{ label: '/etc/passwd', reason: 'outside the workspace folders' }] }),
    'Nothing was compressed. Skipped 1: /etc/passwd (outside the workspace folders).',
  );
});
