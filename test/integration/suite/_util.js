// Shared helpers of the integration suite (loaded by the suite files, not a test file itself).
'use strict';
const vscode = require('vscode');

const EXTENSION_ID = 'tersify.tersify';

async function api() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports || !exports.services) throw new Error('activate() returned no API');
  return exports;
}

function workspaceUri(rel) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
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

module.exports = { vscode, api, workspaceUri, openEditor, until, assert, historyEntries, EXTENSION_ID };
