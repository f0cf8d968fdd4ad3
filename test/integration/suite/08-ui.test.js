'use strict';
// Status bar, quick picks and the save dialog, answered with VS Code's own quick-input commands (the save
// dialog is VS Code's simple file dialog: always in code-server, by files.simpleDialog.enable under Electron).
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('../harness');
const { vscode, api, assert, until, historyEntries, watchShown, closeAllEditors, answerQuickInput } = require('./_util');

const config = () => vscode.workspace.getConfiguration('tersify');
const G = vscode.ConfigurationTarget.Global;

test('the status bar shows the token count and the estimate, and hides when disabled', async () => {
  const a = await api();
  const rate = config().inspect('rate').globalValue;
  const enabled = config().inspect('statusBar.enabled').globalValue;
  await config().update('rate', 0.5, G);
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'Hello world, this is a test.' });
  await vscode.window.showTextDocument(doc);
  try {
    await until('"$(fold) 8 → ~4"', () => a.statusBar().text === '$(fold) 8 → ~4');
    assert(a.statusBar().visible, 'visible');
    // the tooltip is a MarkdownString built with appendText: undo its escaping to read it
    const tip = a
      .statusBar()
      .tooltip.replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert(/the document is 8 tokens \(o200k_base\); at rate 0\.5 it compresses to about 4/.test(tip), `tooltip (got ${tip})`);
    await config().update('statusBar.enabled', false, G);
    await until('hidden', () => !a.statusBar().visible);
    await config().update('statusBar.enabled', true, G);
    await until('shown again', () => a.statusBar().visible);
  } finally {
    await config().update('statusBar.enabled', enabled, G);
    await config().update('rate', rate, G);
    await closeAllEditors();
  }
});

test('Set Compression Rate from its quick pick writes the setting', async () => {
  const a = await api();
  const rate = config().inspect('rate').globalValue;
  const shown = watchShown(a);
  try {
    await config().update('rate', 0.5, G);
    const pick = shown.waitFor('quickPick', /compression rate/);
    await answerQuickInput(vscode.commands.executeCommand('tersify.setRate'), { ready: pick }); // the first item: Aggressive (5x), 0.2
    const offered = (await pick).items.map((i) => i.label);
    assert(offered[0] === 'Aggressive (5x)' && offered.includes('Custom…'), `presets and Custom… offered (got ${offered.join(', ')})`);
    await until('rate 0.2', () => config().get('rate') === 0.2);
    await vscode.commands.executeCommand('tersify.setRate', 0.333);
    await until('rate 0.33', () => config().get('rate') === 0.33);
  } finally {
    shown.dispose();
    await config().update('rate', rate, G);
  }
});

test('Select Model lists the bundled default, downloaded models and a folder choice; picking one writes tersify.modelPath', async () => {
  const a = await api();
  const before = config().inspect('modelPath').globalValue;
  const models = path.join(a.services.context.globalStorageUri.fsPath, 'models');
  const modelDir = path.join(models, 'llmlingua-2-bert-base-multilingual-cased-meetingbank');
  fs.mkdirSync(modelDir, { recursive: true });
  for (const f of ['model.onnx', 'tokenizer.json', 'config.json']) fs.writeFileSync(path.join(modelDir, f), '{}');
  fs.mkdirSync(path.join(models, 'incomplete'), { recursive: true });
  const shown = watchShown(a);
  try {
    const pick = shown.waitFor('quickPick', /model for prose compression/);
    const running = vscode.commands.executeCommand('tersify.selectModel');
    const items = (await pick).items;
    assert(
      items.some((i) => /Bundled default/.test(i.label)),
      'the bundled default',
    );
    assert(
      items.some((i) => /Choose a folder/.test(i.label)),
      'a folder choice',
    );
    assert(
      items.some((i) => /LLMLingua-2 BERT base multilingual/.test(i.label) && i.detail === modelDir),
      'the downloaded model, by its catalog label',
    );
    assert(!items.some((i) => (i.detail || '').endsWith('incomplete')), 'incomplete folders are not offered');
    // the downloaded model is the second selectable item (the separator is skipped)
    await answerQuickInput(running, { before: ['quickInput.next'] });
    await until('modelPath = the downloaded model', () => config().get('modelPath') === modelDir);
    await shown.waitFor('info', /prose compression now uses LLMLingua-2 BERT base multilingual/);
  } finally {
    shown.dispose();
    await config().update('modelPath', before, G);
    fs.rmSync(models, { recursive: true, force: true });
  }
});

test('Export History as CSV writes one row per history entry (through the save dialog)', async () => {
  const a = await api();
  const simple = vscode.workspace.getConfiguration('files').inspect('simpleDialog.enable').globalValue;
  await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', true, G);
  try {
    const n = (await historyEntries(a)).length;
    assert(n > 0, 'the suite has compressed something by now');
    const shown = watchShown(a);
    const res = await answerQuickInput(vscode.commands.executeCommand('tersify.exportHistory'));
    assert(res?.ok && res.path, `exported (got ${JSON.stringify(res)})`);
    // the default place is the Downloads (or home) folder, not the workspace, with the date in the name
    const ws = vscode.workspace.workspaceFolders[0].uri.fsPath;
    assert(!res.path.startsWith(ws) && /tersify-history-\d{4}-\d{2}-\d{2}\.csv$/.test(res.path), `exported outside the workspace (got ${res.path})`);
    const note = await shown.waitFor('info', /history exported to/);
    shown.dispose();
    assert(
      note.items?.some((i) => i.label === 'Open File'),
      `the notification offers Open File (got ${JSON.stringify(note.items)})`,
    );
    const csv = fs.readFileSync(res.path, 'utf8');
    assert(csv.split('\r\n').filter(Boolean).length === n + 1, `a header and ${n} rows (got ${csv.split('\r\n').filter(Boolean).length} lines)`);
  } finally {
    await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', simple, G);
  }
});
