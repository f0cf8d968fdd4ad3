'use strict';
const { test } = require('../harness');
const { vscode, api, assert, historyEntries, writeWorkspaceFile } = require('./_util');

const TOOL = 'tersify_compressContext';

async function invoke(input) {
  const cts = new vscode.CancellationTokenSource();
  const result = await vscode.lm.invokeTool(TOOL, { input, toolInvocationToken: undefined }, cts.token);
  assert(result instanceof vscode.LanguageModelToolResult || Array.isArray(result.content), 'a LanguageModelToolResult');
  return result.content.map((p) => (typeof p.value === 'string' ? p.value : '')).join('');
}

test(`the language-model tool ${TOOL} compresses workspace files`, async () => {
  await api();
  assert(
    vscode.lm.tools.some((x) => x.name === TOOL),
    `${TOOL} is registered (tools: ${vscode.lm.tools.map((x) => x.name).join(', ')})`,
  );
  const text = await invoke({ paths: ['src/orders.ts', 'src/inventory.py'], question: 'How is the order total computed?', rate: 0.5 });
  assert(/^## src\/orders\.ts/m.test(text), 'a "## src/orders.ts" block');
  assert(/tokens \(−\d+%\)/.test(text), 'a "tokens (−N%)" line');
});

test(`${TOOL}: outside paths and binary files are refused in the result; bad input is answered, not thrown; history records it`, async () => {
  const a = await api();
  await writeWorkspaceFile('tool/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  const text = await invoke({ paths: ['src/orders.ts', '../outside.ts', '/etc/passwd', 'tool/logo.png'], question: 'How is the order total computed?' });
  assert(/^## src\/orders\.ts\n```typescript\n/.test(text), `starts with the orders.ts block (got ${JSON.stringify(text.slice(0, 60))})`);
  assert(/^1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/.test(text.split('\n').at(-1)), `the savings line last (got ${text.split('\n').at(-1)})`);
  assert(
    /Skipped 3: \.\.\/outside\.ts \(outside the workspace folders\), \/etc\/passwd \(outside the workspace folders\), tool\/logo\.png \(binary\)\./.test(text),
    `the refusals are listed (got ${text.slice(-300)})`,
  );
  const e = (await historyEntries(a))[0];
  assert(e.source === 'tool' && /#tersify: src\/orders\.ts/.test(e.title), `history entry (got ${e.source}/${e.title})`);
  const bad = await invoke({ paths: [] });
  assert(/could not run: "paths"/.test(bad), `empty paths answered (got ${bad})`);
  const none = await invoke({ paths: ['../x.ts'] });
  assert(/^Nothing was compressed\. Skipped 1: \.\.\/x\.ts/.test(none), `nothing compressed (got ${none})`);
});
