'use strict';
// Tersify's keybindings against VS Code's own defaults, read from the real workbench (its default keybindings file).
const { test } = require('../harness');
const { vscode, assert, until } = require('./_util');

test('no default VS Code keybinding uses the keys Tersify contributes', async () => {
  const pkg = vscode.extensions.getExtension('tersify.tersify').packageJSON;
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  const editor = await until('the default keybindings file', () => {
    const e = vscode.window.activeTextEditor;
    return e && /keybindings\.json$/i.test(e.document.uri.path) && e.document.getText().length > 1000 ? e : undefined;
  });
  const text = editor.document.getText();
  try {
    for (const k of pkg.contributes.keybindings) {
      const taken = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((m) => m[1] === k.key && m[2] !== k.command);
      assert(taken.length === 0, `${k.key} (${k.command}) is also VS Code's ${taken.map((m) => m[2]).join(', ')}`);
    }
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
});
