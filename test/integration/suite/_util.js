// Shared helpers of the integration suite (loaded by the suite files, not a test file itself).
'use strict';
const vscode = require('vscode');

const EXTENSION_ID = 'tersify.tersify';

async function api() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports?.services) throw new Error('activate() returned no API');
  return exports;
}

function workspaceUri(rel) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder with the fixtures');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

async function openEditor(rel) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}

async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

async function historyEntries(a) {
  const store = await a.services.historyStore();
  return typeof store.list === 'function' ? store.list() : store.entries ? store.entries() : [];
}

/** Records what Tersify shows (messages, quick picks) from now on, through the API's onDidShow. */
function watchShown(a) {
  const seen = [];
  const sub = a.onDidShow((e) => seen.push(e));
  return {
    seen,
    /** Waits for a shown item of `kind` whose text matches `re`; returns it. */
    waitFor: (kind, re, timeoutMs) => until(`a ${kind} matching ${re}`, () => seen.find((e) => e.kind === kind && re.test(e.text)), timeoutMs),
    dispose: () => sub.dispose(),
  };
}

async function writeWorkspaceFile(rel, content) {
  const uri = workspaceUri(rel);
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return uri;
}

/** Reverts every dirty document (nothing asks to save), then closes all editors, the compression view included. */
async function closeAllEditors() {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await until('no active editor', () => !vscode.window.activeTextEditor, 5000);
}

/** Runs a command that opens a quick input, then accepts it (after `before`, e.g. navigating) with VS Code's own commands. */
async function answerQuickInput(running, { ready, before = [], timeoutMs = 20000 } = {}) {
  let settled = false;
  const done = Promise.resolve(running).finally(() => {
    settled = true;
  });
  if (ready) await ready;
  await new Promise((r) => setTimeout(r, 300)); // let the quick input render
  for (const id of before) await vscode.commands.executeCommand(id);
  const end = Date.now() + timeoutMs;
  while (!settled) {
    if (Date.now() > end) throw new Error('the quick input was not accepted');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await Promise.race([done.catch(() => {}), new Promise((r) => setTimeout(r, 1500))]);
  }
  return done;
}

module.exports = {
  vscode,
  api,
  workspaceUri,
  openEditor,
  until,
  assert,
  historyEntries,
  watchShown,
  writeWorkspaceFile,
  closeAllEditors,
  answerQuickInput,
  EXTENSION_ID,
};
