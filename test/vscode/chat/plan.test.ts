import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestBudget } from '../../../src/core/budget/budget';
import { contextPrompt, packContext } from '../../../src/core/contextPack';
import {
  chatTitle,
  contextHeader,
  contextSummary,
  modelErrorMarkdown,
  planChatRequest,
  planReference,
  questionText,
  USAGE_BUDGET,
  USAGE_QUESTION,
} from '../../../src/vscode/chat/plan';

const uri = (path: string) => ({ scheme: 'file', path, fsPath: path });
const rel = (u: { path: string }) => u.path.replace(/^\/w\//, '');

test('commands: a question is sent; /compress sends nothing; /budget N takes the budget', () => {
  assert.deepEqual(planChatRequest(undefined, '  why is the total wrong? '), { send: true, question: 'why is the total wrong?', problem: undefined });
  assert.deepEqual(planChatRequest('compress', ''), { send: false, question: '' });
  assert.deepEqual(planChatRequest('budget', '2,000 why slow?'), { send: true, question: 'why slow?', targetTokens: 2000, problem: undefined });
  assert.equal(planChatRequest('budget', 'why slow?').problem, USAGE_BUDGET);
  assert.equal(planChatRequest('budget', '500').problem, USAGE_QUESTION);
  assert.equal(planChatRequest(undefined, '   ').problem, USAGE_QUESTION);
});

test('the budget: the rate setting, or exactly N for /budget N; the model window only when known', () => {
  assert.deepEqual(requestBudget({ settingsRate: 0.4 }), { rate: 0.4 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, targetTokens: 900, maxInputTokens: 128_000 }), { rate: 1, targetTokens: 900, maxInputTokens: 128_000 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, rate: 0.2, targetTokens: 900 }), { rate: 0.2, targetTokens: 900 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, maxInputTokens: 0 }), { rate: 0.4 });
  assert.deepEqual(requestBudget({ settingsRate: 0.4, maxInputTokens: Number.NaN }), { rate: 0.4 });
});

test('references: Uri → the file, Location → its range (an empty one: the file), string → text, else unsupported', () => {
  assert.deepEqual(planReference({ id: 'vscode.file', value: uri('/w/src/a.ts') }, rel), { kind: 'file', uri: uri('/w/src/a.ts'), label: 'src/a.ts' });
  const range = { start: { line: 3, character: 0 }, end: { line: 7, character: 2 } };
  const loc = planReference({ id: 'vscode.selection', value: { uri: uri('/w/src/a.ts'), range } }, rel);
  assert.deepEqual(loc, { kind: 'range', uri: uri('/w/src/a.ts'), range, label: 'lines 4-8 of src/a.ts' });
  const caret = { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } };
  assert.equal(planReference({ id: 'x', value: { uri: uri('/w/b.py'), range: caret } }, rel).kind, 'file');
  assert.deepEqual(planReference({ id: 'copilot.instructions', value: 'Use tabs.', modelDescription: 'Instructions' }, rel), {
    kind: 'text',
    text: 'Use tabs.',
    label: 'Instructions',
  });
  assert.deepEqual(planReference({ id: 'some.image', value: { mimeType: 'image/png', data: new Uint8Array() } }, rel), {
    kind: 'unsupported',
    label: 'some.image',
  });
});

test('the question keeps what the user typed, with each #reference marker replaced by its source label', () => {
  const prompt = 'why does #file:cart.ts return NaN in #selection?';
  const markers = [
    { range: [37, 47] as [number, number], label: 'lines 4-8 of src/cart.ts' },
    { range: [9, 22] as [number, number], label: 'src/cart.ts' },
    { label: 'attached.md' },
  ];
  assert.equal(questionText(prompt, markers), 'why does src/cart.ts return NaN in lines 4-8 of src/cart.ts?');
  assert.equal(prompt.slice(37, 47), '#selection');
  assert.equal(questionText('  plain   question ', []), 'plain question');
  assert.equal(questionText('#file:x.ts', [{ range: [0, 99], label: 'bad range' }]), '#file:x.ts', 'a range past the end is ignored');
});

test('what the user sees: "Context: a → b tokens (−x%)", model errors as markdown, titles', () => {
  assert.equal(contextSummary(12_400, 4100), 'Context: 12,400 → 4,100 tokens (−67%)');
  const header = contextHeader({ before: 12_400, after: 4100, sources: 2, countedBy: 'GPT-4o', budget: 4200, skipped: 'Skipped 1: logo.png (binary).' });
  assert.match(
    header,
    /^\*\*Context: 12,400 → 4,100 tokens \(−67%\)\*\* · 2 references · budget 4,200 · counted by GPT-4o\n\n_Skipped 1: logo\.png \(binary\)\._\n\n$/,
  );
  assert.match(
    contextHeader({ before: 10, after: 5, sources: 1, countedBy: 'o200k_base', budget: 5, selectionFallback: 'lines 2-3 of a.ts' }),
    /using the selection in lines 2-3 of a\.ts/,
  );
  assert.match(modelErrorMarkdown('NoPermissions', ''), /not allowed/);
  assert.match(modelErrorMarkdown('NotFound', ''), /not available/);
  assert.match(modelErrorMarkdown('Blocked', 'quota'), /blocked[\s\S]*quota/);
  assert.match(modelErrorMarkdown(undefined, 'socket hang up'), /failed:\*\* socket hang up/);
  assert.equal(chatTitle({ send: false, question: '' }, 2), '@tersify /compress: 2 references');
  assert.equal(chatTitle({ send: true, question: 'x'.repeat(80) }, 1).length, '@tersify: '.length + 60);
});

test('a chat request end to end against the real engine: references packed to /budget N, then the prompt', async () => {
  const plan = planChatRequest('budget', '60 How is the total computed?');
  const sources = [
    {
      path: 'src/cart.py',
      text: 'def total(items):\n    # sum of price times quantity for every line of the cart\n    result = 0\n    for item in items:\n        result += item.price * item.quantity\n    return result\n\n\ndef empty(cart):\n    return len(cart.items) == 0\n',
    },
    { path: 'lines 1-3 of src/cart.py', text: 'def total(items):\n    # sum of price times quantity for every line of the cart\n    result = 0\n' },
  ];
  const packed = await packContext({
    sources,
    question: plan.question,
    ...requestBudget({ settingsRate: 0.9, targetTokens: plan.targetTokens, maxInputTokens: 128_000 }),
  });
  assert.equal(packed.budget, 60);
  assert.ok(packed.compressedTokens < packed.originalTokens);
  assert.match(packed.text, /^## src\/cart\.py\n```python\n/);
  assert.match(packed.text, /\n## lines 1-3 of src\/cart\.py\n```python\n/, 'a range keeps its file language');
  assert.match(contextSummary(packed.originalTokens, packed.compressedTokens), /^Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  const prompt = contextPrompt(plan.question, packed);
  assert.ok(prompt.includes(packed.text) && prompt.endsWith('Question: How is the total computed?'));
  // a small window caps the budget below the rate
  const capped = await packContext({ sources, ...requestBudget({ settingsRate: 1, maxInputTokens: 80 }) });
  assert.equal(capped.budget, 60, 'a quarter of the window stays free');
});
