'use strict';
const { test } = require('../harness');
const { vscode, api, assert, until, openEditor, historyEntries, watchShown, closeAllEditors } = require('./_util');

async function selectLines(editor, from, to) {
  const doc = editor.document;
  editor.selection = new vscode.Selection(from, 0, to, doc.lineAt(to).text.length);
}

test('Compress Selection on TypeScript opens the compression view, records history, leaves the document alone', async () => {
  const a = await api();
  const editor = await openEditor('src/orders.ts');
  const text = editor.document.getText();
  const fnStart = text.split('\n').findIndex((l) => l.startsWith('export function orderTotal'));
  assert(fnStart >= 0, 'fixture has orderTotal');
  const fnEnd = text.split('\n').findIndex((l, i) => i > fnStart && l === '}');
  await selectLines(editor, fnStart, fnEnd);
  const before = (await historyEntries(a)).length;
  await vscode.commands.executeCommand('tersify.compressSelection');
  await until('the compression view', () => a.currentPanelTitle());
  assert(/orders\.ts \(selection\)/.test(a.currentPanelTitle()), `panel title names the selection (got ${a.currentPanelTitle()})`);
  const entries = await until('a history entry', async () => ((await historyEntries(a)).length > before ? historyEntries(a) : undefined));
  const e = entries[0];
  assert(e.source === 'selection' && e.mode === 'code', `newest entry is a code selection (got ${e.source}/${e.mode})`);
  assert(e.compressedTokens < e.originalTokens, `compressed ${e.compressedTokens} < original ${e.originalTokens}`);
  assert(editor.document.getText() === text && !editor.document.isDirty, 'document unchanged');
});

test('the engine compresses prose in the worker with ONNX Runtime', async (t) => {
  const a = await api();
  const s = a.services.settings();
  const prose = (await vscode.workspace.openTextDocument((await openEditor('docs/overview.txt')).document.uri)).getText();
  const options = { mode: 'text', rate: 0.5, tokenizer: s.tokenizer };
  if (s.modelPath) options.model = s.modelPath;
  const r = await a.services.engine.compress(prose, options);
  assert(r.mode === 'text', `text mode (got ${r.mode})`);
  assert(r.compressedTokens < r.originalTokens, `compressed ${r.compressedTokens} < ${r.originalTokens}`);
  assert(r.provider, 'an execution provider is reported');
  t.log(`prose: ${r.originalTokens} → ${r.compressedTokens} tokens on ${r.provider} with ${r.model || 'the default model'}`);
});

test('bad input never reaches the engine: no editor, an empty document, binary content; each says why', async () => {
  const a = await api();
  const before = (await historyEntries(a)).length;
  const shown = watchShown(a);
  try {
    await closeAllEditors();
    await vscode.commands.executeCommand('tersify.compressSelection');
    await shown.waitFor('info', /open a file/);
    const empty = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '   \n' });
    await vscode.window.showTextDocument(empty);
    await vscode.commands.executeCommand('tersify.compressSelection');
    await shown.waitFor('info', /the document is empty/);
    const bin = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'PNG\u0000\u0001\u0002\u0003 binary\u0000' });
    await vscode.window.showTextDocument(bin);
    await vscode.commands.executeCommand('tersify.compressSelection');
    await vscode.commands.executeCommand('tersify.compressSelectionToClipboard');
    await until('two binary warnings', () => shown.seen.filter((e) => e.kind === 'warning' && /binary/.test(e.text)).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    assert(a.panel() === undefined, `no compression view opened (got ${a.currentPanelTitle()})`);
    assert((await historyEntries(a)).length === before, 'no history entry added');
    assert(empty.getText() === '   \n' && bin.getText().includes('\u0000'), 'documents unchanged');
  } finally {
    shown.dispose();
    await closeAllEditors();
  }
});

test('the worker counts tokens like the status bar', async () => {
  const a = await api();
  const n = await a.services.engine.countTokens('function add(a, b) { return a + b; }', 'o200k_base');
  assert(Number.isInteger(n) && n > 5 && n < 30, `plausible token count (got ${n})`);
});
