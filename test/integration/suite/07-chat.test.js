'use strict';
// The @tersify participant's handler in the real extension host: real Uris, Locations, file reads, editor
// selection, cancellation tokens, LanguageModelError and the real tersify.showContextSource command. No chat
// model runs here, so the model (what VS Code's chat would pass) and the response stream are stand-ins that
// record what they got; what VS Code does with the stream is VS Code's.
const { test } = require('../harness');
const { vscode, api, assert, historyEntries, watchShown, writeWorkspaceFile, workspaceUri, closeAllEditors } = require('./_util');

const CART =
  'export interface Item {\n  price: number;\n  quantity: number;\n}\n\n// Sums price times quantity over every line of the cart.\nexport function total(items: Item[]): number {\n  let result = 0;\n  for (const item of items) {\n    result += item.price * item.quantity;\n  }\n  return result;\n}\n\nexport function isEmpty(items: Item[]): boolean {\n  return items.length === 0;\n}\n';

function chatStream(onMarkdown) {
  const parts = [];
  const stream = {
    markdown: (v) => {
      parts.push({ kind: 'markdown', value: typeof v === 'string' ? v : v.value });
      if (onMarkdown) onMarkdown(typeof v === 'string' ? v : v.value);
    },
    button: (c) => parts.push({ kind: 'button', value: c }),
    progress: (v) => parts.push({ kind: 'progress', value: v }),
  };
  return {
    stream,
    md: () =>
      parts
        .filter((p) => p.kind === 'markdown')
        .map((p) => p.value)
        .join(''),
    buttons: () => parts.filter((p) => p.kind === 'button').map((p) => p.value),
  };
}

function chatModel(answer = ['The total ', 'is the sum of price × quantity.']) {
  const sent = [];
  const model = {
    id: 'stand-in-model',
    name: 'Stand-in GPT',
    maxInputTokens: 128000,
    countTokens: async (t) => Math.ceil((typeof t === 'string' ? t : '').length / 4),
    sendRequest: async (messages) => {
      sent.push(messages.map((m) => ({ role: m.role, content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.value ?? '').join('') })));
      if (answer instanceof Error) throw answer;
      return {
        text: (async function* () {
          for (const a of answer) yield a;
        })(),
      };
    },
  };
  return { model, sent };
}

const token = () => new vscode.CancellationTokenSource();
const ask = (a, request, s, cts = token()) => a.chatRequest({ toolReferences: [], ...request }, s.stream, cts.token);

async function cart() {
  await writeWorkspaceFile('chat/src/a.ts', CART);
  await writeWorkspaceFile('chat/src/logo.png', new Uint8Array([0x89, 0x50, 0, 0, 1, 2]));
  return workspaceUri('chat/src/a.ts');
}

test('@tersify: references packed to the model window, "Context: a → b tokens", a button per reference, then the streamed answer', async () => {
  const a = await api();
  const uri = await cart();
  const prompt = 'why is #file:a.ts wrong for #selection?';
  const references = [
    // reverse prompt order, as VS Code sends them
    { id: 'vscode.selection', range: [28, 38], value: new vscode.Location(uri, new vscode.Range(6, 0, 12, 1)) },
    { id: 'vscode.file', range: [7, 17], value: uri },
    { id: 'vscode.file', value: workspaceUri('chat/src/logo.png') },
  ];
  const { model, sent } = chatModel();
  const s = chatStream();
  await ask(a, { prompt, command: undefined, references, model }, s);
  const md = s.md();
  assert(
    /\*\*Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)\*\* · 2 references · budget [\d,]+ · counted by Stand-in GPT/.test(md),
    `context header (got ${md.slice(0, 300)})`,
  );
  assert(/Skipped 1: chat\/src\/logo\.png \(binary\)/.test(md), 'the binary reference is named');
  assert(md.endsWith('The total is the sum of price × quantity.'), `the answer streamed last (got ${md.slice(-80)})`);
  assert(sent.length === 1 && sent[0][0].role === vscode.LanguageModelChatMessageRole.User, 'one user message sent');
  const content = sent[0][0].content;
  assert(/\n## chat\/src\/a\.ts\n```typescript\n/.test(content), 'the file block');
  assert(/\n## lines 7-13 of chat\/src\/a\.ts\n```typescript\n/.test(content), 'the selection block');
  assert(content.endsWith('Question: why is chat/src/a.ts wrong for lines 7-13 of chat/src/a.ts?'), `markers resolved (got ${content.slice(-120)})`);
  const buttons = s.buttons();
  assert(
    JSON.stringify(buttons.map((b) => b.command)) === JSON.stringify(['tersify.showContextSource', 'tersify.showContextSource']),
    'one button per reference',
  );
  assert(
    JSON.stringify(buttons.map((b) => b.title)) === JSON.stringify(['$(fold) chat/src/a.ts', '$(fold) lines 7-13 of chat/src/a.ts']),
    `button titles (got ${buttons.map((b) => b.title)})`,
  );
  // the button's command, for real: opens the compression view with that reference
  assert((await vscode.commands.executeCommand(buttons[1].command, ...buttons[1].arguments)) === true, 'showContextSource returns true');
  assert(/lines 7-13 of chat\/src\/a\.ts/.test(a.currentPanelTitle() || ''), `the view shows the reference (got ${a.currentPanelTitle()})`);
  const e = (await historyEntries(a))[0];
  assert(e.source === 'chat' && /^@tersify: why is chat\/src\/a\.ts wrong/.test(e.title), `history entry (got ${e.source}/${e.title})`);
  // an expired button says so instead of failing
  const shown = watchShown(a);
  try {
    assert((await vscode.commands.executeCommand('tersify.showContextSource', 'ctx-missing')) === false, 'expired id → false');
    await shown.waitFor('info', /no longer available/);
  } finally {
    shown.dispose();
    await closeAllEditors();
  }
});

test('@tersify /compress shows the compressed references and sends nothing; /budget N packs to N tokens', async () => {
  const a = await api();
  const refs = [{ id: 'vscode.file', value: await cart() }];
  const { model, sent } = chatModel();
  const s = chatStream();
  await ask(a, { prompt: '', command: 'compress', references: refs, model }, s);
  assert(sent.length === 0, 'nothing is sent');
  assert(
    /Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)[\s\S]*\n## chat\/src\/a\.ts\n```typescript\n/.test(s.md()),
    `the compressed reference is shown (got ${s.md().slice(0, 200)})`,
  );
  const b = chatStream();
  await ask(a, { prompt: '40 what does total return?', command: 'budget', references: refs, model }, b);
  assert(/budget 40 ·/.test(b.md()), `budget 40 (got ${b.md().slice(0, 200)})`);
  assert(sent[0][0].content.endsWith('Question: what does total return?'), 'the question without the number');
  const u = chatStream();
  await ask(a, { prompt: 'what does total return?', command: 'budget', references: refs, model }, u);
  assert(/^Usage: `@tersify \/budget 2000/.test(u.md()), `usage (got ${u.md()})`);
});

test('@tersify: model errors become markdown, cancellation stops quietly, no context says so, the selection is the fallback', async () => {
  const a = await api();
  const uri = await cart();
  const refs = [{ id: 'vscode.file', value: uri }];
  const denied = chatStream();
  await ask(a, { prompt: 'explain', command: undefined, references: refs, model: chatModel(vscode.LanguageModelError.NoPermissions('no')).model }, denied);
  assert(/Tersify is not allowed to use it/.test(denied.md()), `no permission (got ${denied.md().slice(-200)})`);
  // cancelled while the answer streams: the rest is not shown
  const cts = token();
  const cut = chatStream((v) => v === 'first ' && cts.cancel());
  await ask(a, { prompt: 'explain', command: undefined, references: refs, model: chatModel(['first ', 'second']).model }, cut, cts);
  assert(cut.md().endsWith('first '), `stopped after "first " (got ${cut.md().slice(-40)})`);
  // cancelled before packing: nothing is sent
  const early = token();
  early.cancel();
  const quiet = chatModel();
  await ask(a, { prompt: 'explain', command: undefined, references: refs, model: quiet.model }, chatStream(), early);
  assert(quiet.sent.length === 0, 'nothing sent after cancellation');
  // no references and no selection: the question alone, with a note
  await closeAllEditors();
  const bare = chatModel(['42']);
  const n = chatStream();
  await ask(a, { prompt: 'what is 6 × 7?', command: undefined, references: [], model: bare.model }, n);
  assert(/^_No context was attached[\s\S]*42$/.test(n.md()), `no-context note (got ${n.md()})`);
  assert(bare.sent[0][0].content === 'what is 6 × 7?', 'the question alone');
  // no references but a selection in the active editor: the selection is the context
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const doc = editor.document;
  editor.selection = new vscode.Selection(doc.positionAt(CART.indexOf('export function total')), doc.positionAt(CART.indexOf('export function isEmpty')));
  const sel = chatModel(['ok']);
  const withSel = chatStream();
  await ask(a, { prompt: 'explain', command: undefined, references: [], model: sel.model }, withSel);
  assert(/using the selection in lines 7-14 of chat\/src\/a\.ts/.test(withSel.md()), `selection fallback (got ${withSel.md().slice(0, 300)})`);
  assert(/## lines 7-14 of chat\/src\/a\.ts\n```typescript\n/.test(sel.sent[0][0].content), 'the selection block sent');
  await closeAllEditors();
  const empty = chatStream();
  await ask(a, { prompt: '', command: 'compress', references: [], model: undefined }, empty);
  assert(/^Nothing to compress/.test(empty.md()), `nothing to compress (got ${empty.md()})`);
});
