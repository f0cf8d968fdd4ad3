'use strict';
const { test } = require('../harness');
const { vscode, api, assert, until, EXTENSION_ID } = require('./_util');

test('the extension is installed, activates and returns its API', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert(ext, `${EXTENSION_ID} is installed`);
  const a = await api();
  assert(ext.isActive, 'active after activate()');
  assert(typeof a.currentPanelTitle === 'function', 'API exposes currentPanelTitle');
  for (const k of ['onDidShow', 'statusBar', 'panel', 'chatRequest']) assert(typeof a[k] === 'function', `API exposes ${k}`);
  // activation loads no engine code: the worker starts on first use (nothing has compressed or counted yet
  // unless an editor was open at startup, which the status bar counts)
  if (!vscode.window.activeTextEditor) assert(a.services.engine.started === false, 'activation starts no engine');
});

test('the first text selection loads the prose model in the background, before any compression', async () => {
  const a = await api();
  const doc = await vscode.workspace.openTextDocument({ content: 'Select me: the model loads while you read this line.\n', language: 'markdown' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 20);
  const warm = await until('the model warm-up', () => a.modelWarmUp(), 20000);
  const done = await warm;
  assert(done && done.provider === 'cpu', `the model session is loaded on cpu (got ${JSON.stringify(done)})`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('exactly the declared commands are registered, and the declared language-model tool', async () => {
  await api();
  const pj = vscode.extensions.getExtension(EXTENSION_ID).packageJSON;
  const declared = pj.contributes.commands.map((c) => c.command).sort();
  // VS Code adds tersify.inspector.* commands for the contributed view itself
  const ours = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('tersify.') && !c.startsWith('tersify.inspector.')).sort();
  assert(JSON.stringify(ours) === JSON.stringify(declared), `registered ${ours.join(', ')} = declared ${declared.join(', ')}`);
  const tools = pj.contributes.languageModelTools.map((t) => t.name);
  if (vscode.lm?.tools)
    for (const t of tools)
      assert(
        vscode.lm.tools.some((x) => x.name === t),
        `tool ${t} registered`,
      );
  assert(
    pj.contributes.chatParticipants.some((p) => p.id === 'tersify.chat'),
    'participant tersify.chat declared',
  );
});

test('every command in contributes.commands is registered', async () => {
  await api();
  const declared = vscode.extensions.getExtension(EXTENSION_ID).packageJSON.contributes.commands.map((c) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = declared.filter((c) => !registered.has(c));
  assert(declared.length >= 10, `at least 10 commands declared (got ${declared.length})`);
  assert(missing.length === 0, `unregistered commands: ${missing.join(', ')}`);
});

test('the savings inspector view and its container are contributed', async () => {
  const pj = vscode.extensions.getExtension(EXTENSION_ID).packageJSON;
  assert(
    pj.contributes.viewsContainers.activitybar.some((c) => c.id === 'tersify'),
    'activity bar container "tersify"',
  );
  assert(
    pj.contributes.views.tersify.some((v) => v.id === 'tersify.inspector' && v.type === 'webview'),
    'webview view tersify.inspector',
  );
  await vscode.commands.executeCommand('tersify.showInspector');
});
