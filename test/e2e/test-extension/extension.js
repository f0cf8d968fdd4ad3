// Test-only extension for the e2e run (never shipped). Two jobs:
//  - "Tersify E2E: Invoke Compress Context Tool": calls vscode.lm.invokeTool('tersify_compressContext')
//    like an agent would, and writes what came back to .tersify-e2e/tool-result.json in the workspace;
//  - in a workspace with .tersify-integration.json: runs test/integration/suite (copied into
//    ./integration when packaged) on activation and writes the JSON results where that file says.
'use strict';
const vscode = require('vscode');
const fs = require('node:fs');
const path = require('node:path');

const TOOL = 'tersify_compressContext';

function root() {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.fsPath;
}

async function invokeTool() {
  const out = path.join(root(), '.tersify-e2e', 'tool-result.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const input = { paths: ['src/orders.ts', 'docs/mixed.md'], question: 'How is the order total computed?', targetTokens: 300 };
  const record = { input, tools: (vscode.lm?.tools ?? []).map((t) => t.name) };
  try {
    await vscode.extensions.getExtension('tersify.tersify')?.activate();
    const cts = new vscode.CancellationTokenSource();
    const result = await vscode.lm.invokeTool(TOOL, { input, toolInvocationToken: undefined }, cts.token);
    record.ok = true;
    record.text = result.content.map((p) => (p && typeof p.value === 'string' ? p.value : '')).join('');
    void vscode.window.showInformationMessage(`Tersify E2E: the tool returned ${record.text.length} characters.`);
  } catch (e) {
    record.ok = false;
    record.error = e?.message || String(e);
    void vscode.window.showErrorMessage(`Tersify E2E: the tool failed: ${record.error}`);
  }
  fs.writeFileSync(out, JSON.stringify(record, null, 2));
}

async function runIntegration(config) {
  const { loadSuite, runAll } = require('./integration/harness');
  const channel = vscode.window.createOutputChannel('Tersify Integration');
  loadSuite();
  const summary = await runAll({ log: (m) => channel.appendLine(m) });
  fs.writeFileSync(config.results, JSON.stringify({ ...summary, vscodeVersion: vscode.version }, null, 2));
}

function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('tersifyE2E.invokeTool', invokeTool));
  const r = root();
  const marker = r && path.join(r, '.tersify-integration.json');
  if (marker && fs.existsSync(marker)) {
    const config = JSON.parse(fs.readFileSync(marker, 'utf8'));
    runIntegration(config).catch((e) => fs.writeFileSync(config.results, JSON.stringify({ crashed: String(e?.stack || e) })));
  }
}

module.exports = { activate, deactivate() {} };
