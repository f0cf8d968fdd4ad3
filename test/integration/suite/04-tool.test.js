'use strict';
const { test } = require('../harness');
const { vscode, api, assert } = require('./_util');

const TOOL = 'tersify_compressContext';

test(`the language-model tool ${TOOL} compresses workspace files`, async (t) => {
  await api();
  const declared = (vscode.extensions.getExtension('tersify.tersify').packageJSON.contributes.languageModelTools || []).some((x) => x.name === TOOL);
  if (!declared) t.skip(`${TOOL} is not contributed by this build yet`);
  if (!vscode.lm || typeof vscode.lm.invokeTool !== 'function') t.skip('vscode.lm.invokeTool is not available in this VS Code');
  assert(vscode.lm.tools.some((x) => x.name === TOOL), `${TOOL} is registered (tools: ${vscode.lm.tools.map((x) => x.name).join(', ')})`);
  const cts = new vscode.CancellationTokenSource();
  const result = await vscode.lm.invokeTool(TOOL, { input: { paths: ['src/orders.ts', 'src/inventory.py'], question: 'How is the order total computed?', rate: 0.5 }, toolInvocationToken: undefined }, cts.token);
  const text = result.content.map((p) => (typeof p.value === 'string' ? p.value : '')).join('');
  assert(/^## src\/orders\.ts/m.test(text), 'a "## src/orders.ts" block');
  assert(/tokens \(−\d+%\)/.test(text), 'a "tokens (−N%)" line');
});
