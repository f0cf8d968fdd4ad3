'use strict';
const { test } = require('../harness');
const { vscode, api, assert, until } = require('./_util');

test('settings have their documented defaults and scopes', async () => {
  const c = vscode.workspace.getConfiguration('tersify');
  assert(c.inspect('rate').defaultValue === 0.5, 'rate default 0.5');
  assert(c.inspect('tokenizer').defaultValue === 'o200k_base', 'tokenizer default o200k_base');
  assert(c.inspect('mode').defaultValue === 'auto', 'mode default auto');
  assert(c.inspect('statusBar.enabled').defaultValue === true, 'status bar on by default');
  const pj = vscode.extensions.getExtension('tersify.tersify').packageJSON;
  assert(pj.contributes.configuration.properties['tersify.modelPath'].scope === 'machine', 'modelPath is machine-scoped');
});

test('tersify.setRate with a value stores the clamped rate; the extension reads it', async () => {
  const a = await api();
  const c = () => vscode.workspace.getConfiguration('tersify');
  const before = c().inspect('rate').globalValue;
  try {
    await vscode.commands.executeCommand('tersify.setRate', 0.37);
    await until('rate 0.37', () => c().get('rate') === 0.37);
    assert(a.services.settings().rate === 0.37, `services.settings().rate is 0.37 (got ${a.services.settings().rate})`);
    await vscode.commands.executeCommand('tersify.setRate', 7);
    await until('rate clamped to 1', () => c().get('rate') === 1);
  } finally {
    await c().update('rate', before, vscode.ConfigurationTarget.Global);
  }
});
