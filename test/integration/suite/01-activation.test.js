'use strict';
const { test } = require('../harness');
const { vscode, api, assert, EXTENSION_ID } = require('./_util');

test('the extension is installed, activates and returns its API', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert(ext, `${EXTENSION_ID} is installed`);
  const a = await api();
  assert(ext.isActive, 'active after activate()');
  assert(typeof a.currentPanelTitle === 'function', 'API exposes currentPanelTitle');
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
  assert(pj.contributes.viewsContainers.activitybar.some((c) => c.id === 'tersify'), 'activity bar container "tersify"');
  assert(pj.contributes.views.tersify.some((v) => v.id === 'tersify.inspector' && v.type === 'webview'), 'webview view tersify.inspector');
  await vscode.commands.executeCommand('tersify.showInspector');
});
