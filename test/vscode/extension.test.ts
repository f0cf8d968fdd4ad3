/**
 * The extension's wiring, run in Node against a fake `vscode` module and the REAL bundled worker + engine:
 * activation registers exactly the declared contributions, commands compress, the panel speaks the typed
 * protocol, Replace refuses stale documents, files are bundled, history is recorded, the inspector answers.
 */
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as fake from './fakeVscode';

fake.installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require('../../src/vscode/extension') as typeof import('../../src/vscode/extension');

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const engineReady = existsSync(join(root, 'src/core/code/index.ts')) && existsSync(join(root, 'src/core/text/index.ts'));

let dir: string;
let api: ReturnType<typeof ext.activate>;
const context = { subscriptions: [] as { dispose(): unknown }[] } as unknown as import('vscode').ExtensionContext & { subscriptions: { dispose(): unknown }[] };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tersify-ext-'));
  const extDir = join(dir, 'extension');
  await mkdir(join(extDir, 'dist'), { recursive: true });
  // The production worker bundle (same options as scripts/build.mjs), next to the shipped assets.
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'onnxruntime-node'],
    define: { 'import.meta.url': '__tersifyImportMetaUrl' },
    banner: { js: "const __tersifyImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
    entryPoints: [join(root, 'src/core/worker/worker.ts')],
    outfile: join(extDir, 'dist', 'worker.js'),
    logLevel: 'silent',
  });
  for (const d of ['node_modules', 'grammars', 'models', 'media']) if (existsSync(join(root, d))) await symlink(join(root, d), join(extDir, d));
  Object.assign(context, { extensionUri: fake.Uri.file(extDir), extensionPath: extDir, globalStorageUri: fake.Uri.file(join(dir, 'storage')) });
  fake.record.config['modelPath'] = join(root, 'test/fixtures/models/tiny-bert');
  api = ext.activate(context);
});

after(async () => {
  for (const d of context.subscriptions) await d.dispose();
  await ext.deactivate();
  await rm(dir, { recursive: true, force: true });
});

const wait = async (cond: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('activation registers exactly the declared commands, views and providers, all disposable', () => {
  const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual([...fake.record.commands.keys()].sort(), declared);
  assert.ok(fake.record.viewProviders.has('tersify.inspector'));
  assert.ok(fake.record.serializers.has('tersify.compressionView'));
  assert.ok(fake.record.contentProviders.has('tersify'));
  assert.ok(context.subscriptions.length >= declared.length + 4);
  // chat and agent mode: the declared participant and tool are registered (the MCP provider needs VS Code ≥ 1.101)
  assert.deepEqual([...fake.record.participants.keys()], pkg.contributes.chatParticipants.map((p: { id: string }) => p.id));
  assert.deepEqual([...fake.record.tools.keys()], pkg.contributes.languageModelTools.map((t: { name: string }) => t.name));
  assert.equal(api.services.engine.started, false, 'activation starts no engine');
});

test('bad input never reaches the engine: no editor, empty document, binary selection', async () => {
  fake.window.activeTextEditor = undefined;
  await fake.commands.executeCommand('tersify.compressSelection');
  assert.match(fake.record.messages.at(-1)!.text, /open a file/);
  fake.showEditor(new fake.FakeDocument(fake.Uri.file('/w/empty.txt'), '   \n', 'plaintext'));
  await fake.commands.executeCommand('tersify.compressSelection');
  assert.match(fake.record.messages.at(-1)!.text, /document is empty/);
  fake.showEditor(new fake.FakeDocument(fake.Uri.file('/w/bin.dat'), 'abc\u0000\u0001\u0002def', 'plaintext'));
  await fake.commands.executeCommand('tersify.compressSelectionToClipboard');
  assert.match(fake.record.messages.at(-1)!.text, /binary/);
  assert.equal(fake.record.panels.length, 0);
  assert.equal(fake.record.edits.length, 0);
});

test('Compress Selection opens the view; the view recomputes, copies, diffs and replaces once', { skip: !engineReady && 'engine not available yet' }, async () => {
  const code = 'import { readFile } from "node:fs";\n\n// Reads the config file and parses it.\nexport async function loadConfig(path: string): Promise<Record<string, unknown>> {\n  const text = await readFile(path, "utf8");\n  return JSON.parse(text);\n}\n';
  const doc = new fake.FakeDocument(fake.Uri.file('/w/src/config.ts'), code, 'typescript');
  fake.showEditor(doc);
  await fake.commands.executeCommand('tersify.compressSelection');
  assert.equal(fake.record.panels.length, 1, fake.record.messages.map((m) => m.text).join('\n'));
  const panel = fake.record.panels[0];
  assert.equal(panel.viewType, 'tersify.compressionView');
  // strict CSP with a nonce; resources through asWebviewUri
  const html = panel.webview.html;
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce && nonce.length >= 16);
  assert.match(html, /default-src 'none'/);
  assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}" src="vscode-resource://[^"]+/dist/webview/compression\\.js">`));
  assert.doesNotMatch(html, /<script>(?!<)/);
  // the handshake gives the state
  panel.webview.send({ kind: 'request', id: 1, method: 'ready', params: {} });
  const ready = (await panel.webview.response(1)).result as import('../../src/core/protocol/panel').PanelState;
  assert.equal(ready.original, code);
  assert.equal(ready.canReplace, true);
  assert.equal(ready.result.mode, 'code');
  assert.equal(ready.result.language, 'typescript', `notes: ${ready.result.notes.join('; ')}`);
  assert.ok(!ready.result.notes.some((n) => /fallback|could not/i.test(n)), `tree-sitter ran in the bundled worker: ${ready.result.notes.join('; ')}`);
  assert.ok(ready.result.spans.some((s) => s.type));
  // recompute at another rate
  panel.webview.send({ kind: 'request', id: 2, method: 'recompute', params: { sessionId: ready.sessionId, controls: { ...ready.controls, rate: 0.2 } } });
  const re = await panel.webview.response(2);
  assert.equal(re.ok, true, JSON.stringify(re.error));
  const r2 = re.result as import('../../src/core/types').CompressionResult;
  assert.ok(r2.compressedTokens < ready.result.compressedTokens, `${r2.compressedTokens} < ${ready.result.compressedTokens}`);
  // copy, diff
  panel.webview.send({ kind: 'request', id: 3, method: 'action', params: { sessionId: ready.sessionId, action: 'copy' } });
  assert.equal((await panel.webview.response(3)).ok, true);
  assert.equal(fake.record.clipboard, r2.compressed);
  panel.webview.send({ kind: 'request', id: 4, method: 'action', params: { sessionId: ready.sessionId, action: 'openDiff' } });
  await panel.webview.response(4);
  const diff = fake.record.executed.find((e) => e[0] === 'vscode.diff')!;
  const provider = fake.record.contentProviders.get('tersify')!;
  assert.equal(provider.provideTextDocumentContent(diff[1] as fake.Uri), code);
  assert.equal(provider.provideTextDocumentContent(diff[2] as fake.Uri), r2.compressed);
  // replace: one edit, then refused (the document changed)
  panel.webview.send({ kind: 'request', id: 5, method: 'action', params: { sessionId: ready.sessionId, action: 'replace' } });
  assert.deepEqual((await panel.webview.response(5)).result, { ok: true, message: 'Replaced. Undo (Ctrl/Cmd+Z) restores the original.' });
  assert.equal(fake.record.edits.length, 1);
  assert.equal(fake.record.edits[0].edits.length, 1);
  assert.equal(doc.getText(), r2.compressed);
  panel.webview.send({ kind: 'request', id: 6, method: 'action', params: { sessionId: ready.sessionId, action: 'replace' } });
  assert.equal(((await panel.webview.response(6)).result as { ok: boolean }).ok, false);
  assert.equal(fake.record.edits.length, 1, 'no second edit');
  // history got the compression
  const store = await api.services.historyStore();
  await store.flush();
  assert.equal(store.list()[0].title, 'src/config.ts');
  assert.equal(store.list()[0].source, 'selection');
});

test('Replace refuses when the document changed after compressing', { skip: !engineReady && 'engine not available yet' }, async () => {
  const doc = new fake.FakeDocument(fake.Uri.file('/w/notes.md'), 'Hello world, this is a test of the meeting notes. We discussed the launch plan and the budget for next year.\n', 'markdown');
  fake.showEditor(doc, 0, 48);
  await fake.commands.executeCommand('tersify.compressSelection');
  const panel = fake.record.panels[0];
  await wait(() => panel.webview.posted.some((m) => (m as { type?: string }).type === 'state' && (m as { payload: { title: string } }).payload.title === 'w/notes.md (selection)'));
  const state = (panel.webview.posted.filter((m) => (m as { type?: string }).type === 'state').at(-1) as { payload: import('../../src/core/protocol/panel').PanelState }).payload;
  assert.equal(state.original, doc.getText().slice(0, 48));
  assert.equal(state.result.mode, 'text');
  assert.ok(state.result.spans.some((s) => typeof s.p === 'number'), 'prose spans carry keep probabilities');
  doc.setText(doc.getText() + 'more\n');
  const edits = fake.record.edits.length;
  panel.webview.send({ kind: 'request', id: 10, method: 'action', params: { sessionId: state.sessionId, action: 'replace' } });
  const res = (await panel.webview.response(10)).result as { ok: boolean; message: string };
  assert.equal(res.ok, false);
  assert.match(res.message, /changed since it was compressed/);
  assert.equal(fake.record.edits.length, edits);
});

test('Compress Files to Clipboard: shared budget, headers, binary and missing files skipped', { skip: !engineReady && 'engine not available yet' }, async () => {
  const files = join(dir, 'files');
  await mkdir(files, { recursive: true });
  await writeFile(join(files, 'a.py'), 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
  await writeFile(join(files, 'b.md'), 'The meeting notes. We discussed the launch plan and the budget for next year.\n');
  await writeFile(join(files, 'c.bin'), new Uint8Array([0, 1, 2, 3, 0, 255]));
  const uris = ['a.py', 'b.md', 'c.bin'].map((f) => fake.Uri.file(join(files, f)));
  await fake.commands.executeCommand('tersify.compressFilesToClipboard', uris[0], uris);
  const clip = fake.record.clipboard;
  assert.match(clip, /^## files\/a\.py\n```python\n/);
  assert.match(clip, /\n## files\/b\.md\n/);
  assert.match(clip, /def add/);
  assert.doesNotMatch(clip, /c\.bin/);
  const note = fake.record.messages.at(-1)!;
  assert.match(note.text, /copied 2 files: .* tokens \(\d+% saved/);
  assert.match(note.text, /Skipped 1: files\/c\.bin \(binary\)/);
  const store = await api.services.historyStore();
  await store.flush();
  const entry = store.list()[0];
  assert.equal(entry.source, 'files');
  assert.ok(entry.compressedTokens < entry.originalTokens, 'one shared budget below the original');
  assert.equal(entry.compressed, clip);
});

// ---- chat and agent mode: the #tersify tool and the @tersify participant, through the fake API and the real worker ----

const token = () => new fake.FakeToken();

async function workspaceWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const ws = join(dir, 'ws');
  for (const [p, text] of Object.entries(files)) {
    await mkdir(join(ws, p, '..'), { recursive: true });
    await writeFile(join(ws, p), text);
  }
  fake.workspace.workspaceFolders = [{ name: 'ws', uri: fake.Uri.file(ws), index: 0 }];
  return ws;
}

const CART = 'export interface Item {\n  price: number;\n  quantity: number;\n}\n\n// Sums price times quantity over every line of the cart.\nexport function total(items: Item[]): number {\n  let result = 0;\n  for (const item of items) {\n    result += item.price * item.quantity;\n  }\n  return result;\n}\n\nexport function isEmpty(items: Item[]): boolean {\n  return items.length === 0;\n}\n';

test('the #tersify tool: prepareInvocation lists the files; invoke returns `## path` blocks and the savings line; outside paths are refused', { skip: !engineReady && 'engine not available yet' }, async () => {
  await workspaceWith({ 'src/a.ts': CART, 'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]) });
  const tool = fake.record.tools.get('tersify_compressContext')!;
  const prepared = (await tool.prepareInvocation!({ input: { paths: ['src/a.ts'], question: 'How is the total computed?' } }, token())) as { invocationMessage: string };
  assert.match(prepared.invocationMessage, /1 file: `src\/a\.ts` \(question-aware\)/);
  // the call the e2e test extension makes
  const result = (await tool.invoke({ input: { paths: ['src/a.ts', '../outside.ts', '/etc/passwd', 'logo.png'], question: 'How is the total computed?' }, toolInvocationToken: undefined }, token())) as InstanceType<typeof fake.LanguageModelToolResult>;
  assert.ok(result instanceof fake.LanguageModelToolResult);
  const text = (result.content[0] as InstanceType<typeof fake.LanguageModelTextPart>).value;
  assert.match(text, /^## src\/a\.ts\n```typescript\n/);
  assert.match(text, /tokens \(−\d+%\)/);
  assert.match(text.split('\n').at(-1)!, /^1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  assert.match(text, /Skipped 3: \.\.\/outside\.ts \(outside the workspace folders\), \/etc\/passwd \(outside the workspace folders\), logo\.png \(binary\)\./);
  const store = await api.services.historyStore();
  await store.flush();
  assert.equal(store.list()[0].source, 'tool');
  assert.match(store.list()[0].title, /#tersify: src\/a\.ts/);
  // bad input is answered, not thrown
  const bad = (await tool.invoke({ input: { paths: [] }, toolInvocationToken: undefined }, token())) as InstanceType<typeof fake.LanguageModelToolResult>;
  assert.match((bad.content[0] as InstanceType<typeof fake.LanguageModelTextPart>).value, /could not run: "paths"/);
  const none = (await tool.invoke({ input: { paths: ['../x.ts'] }, toolInvocationToken: undefined }, token())) as InstanceType<typeof fake.LanguageModelToolResult>;
  assert.match((none.content[0] as InstanceType<typeof fake.LanguageModelTextPart>).value, /^Nothing was compressed\. Skipped 1: \.\.\/x\.ts/);
});

interface Part {
  kind: 'markdown' | 'button' | 'progress';
  value: unknown;
}

function chatStream(onMarkdown?: (s: string) => void) {
  const parts: Part[] = [];
  const stream = {
    markdown: (v: string) => {
      parts.push({ kind: 'markdown', value: v });
      onMarkdown?.(v);
    },
    button: (c: unknown) => parts.push({ kind: 'button', value: c }),
    progress: (v: string) => parts.push({ kind: 'progress', value: v }),
  };
  const md = () => parts.filter((p) => p.kind === 'markdown').map((p) => p.value as string).join('');
  const buttons = () => parts.filter((p) => p.kind === 'button').map((p) => p.value as { command: string; title: string; arguments: unknown[] });
  return { stream, parts, md, buttons };
}

/** A stand-in for the user's chat model (none runs here): records what was sent, streams a fixed answer. */
function chatModel(answer: string[] | Error = ['The total ', 'is the sum of price × quantity.']) {
  const sent: { role: string; content: string }[][] = [];
  const model = {
    id: 'fake-model',
    name: 'Fake GPT',
    maxInputTokens: 128_000,
    countTokens: async (t: string) => Math.ceil(t.length / 4),
    sendRequest: async (messages: { role: string; content: string }[]) => {
      sent.push(messages);
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

const handler = () => fake.record.participants.get('tersify.chat')!.requestHandler as (req: unknown, ctx: unknown, stream: unknown, tok: unknown) => Promise<unknown>;

test('@tersify: references packed to the model window, "Context: a → b tokens" and one button per reference, then the streamed answer', { skip: !engineReady && 'engine not available yet' }, async () => {
  const ws = await workspaceWith({ 'src/a.ts': CART, 'src/logo.png': new Uint8Array([0x89, 0x50, 0, 0, 1, 2]) });
  const a = fake.Uri.file(join(ws, 'src/a.ts'));
  const prompt = 'why is #file:a.ts wrong for #selection?';
  const references = [
    // reverse prompt order, as VS Code sends them
    { id: 'vscode.selection', range: [28, 38], value: { uri: a, range: new fake.Range(new fake.Position(6, 0), new fake.Position(12, 1)) } },
    { id: 'vscode.file', range: [7, 17], value: a },
    { id: 'vscode.file', value: fake.Uri.file(join(ws, 'src/logo.png')) },
  ];
  const { model, sent } = chatModel();
  const s = chatStream();
  await handler()({ prompt, command: undefined, references, model }, {}, s.stream, token());
  const md = s.md();
  assert.match(md, /\*\*Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)\*\* · 2 references · budget [\d,]+ · counted by Fake GPT/);
  assert.match(md, /Skipped 1: src\/logo\.png \(binary\)/);
  assert.ok(md.endsWith('The total is the sum of price × quantity.'), md);
  // what was sent: one user message, compressed context then the question, with the markers resolved
  assert.equal(sent.length, 1);
  assert.equal(sent[0][0].role, 'user');
  assert.match(sent[0][0].content, /\n## src\/a\.ts\n```typescript\n/);
  assert.match(sent[0][0].content, /\n## lines 7-13 of src\/a\.ts\n```typescript\n/);
  assert.ok(sent[0][0].content.endsWith('Question: why is src/a.ts wrong for lines 7-13 of src/a.ts?'), sent[0][0].content.slice(-120));
  // a button per reference opens the compression view with that reference
  const buttons = s.buttons();
  assert.deepEqual(buttons.map((b) => b.command), ['tersify.showContextSource', 'tersify.showContextSource']);
  assert.equal(ext.COMMANDS.showContextSource, 'tersify.showContextSource');
  assert.deepEqual(buttons.map((b) => b.title), ['$(fold) src/a.ts', '$(fold) lines 7-13 of src/a.ts']);
  assert.equal(await fake.commands.executeCommand(buttons[1].command, ...buttons[1].arguments), true);
  assert.match(api.currentPanelTitle() ?? '', /lines 7-13 of src\/a\.ts/);
  const store = await api.services.historyStore();
  await store.flush();
  assert.equal(store.list()[0].source, 'chat');
  assert.match(store.list()[0].title, /^@tersify: why is src\/a\.ts wrong/);
  // an expired button says so instead of failing
  await fake.commands.executeCommand('tersify.showContextSource', 'ctx-missing');
  assert.match(fake.record.messages.at(-1)!.text, /no longer available/);
});

test('@tersify /compress shows the compressed references and sends nothing; /budget N packs to N tokens', { skip: !engineReady && 'engine not available yet' }, async () => {
  const ws = await workspaceWith({ 'src/a.ts': CART });
  const refs = [{ id: 'vscode.file', value: fake.Uri.file(join(ws, 'src/a.ts')) }];
  const { model, sent } = chatModel();
  const s = chatStream();
  await handler()({ prompt: '', command: 'compress', references: refs, model }, {}, s.stream, token());
  assert.equal(sent.length, 0, 'nothing is sent');
  assert.match(s.md(), /Context: [\d,]+ → [\d,]+ tokens \(−\d+%\)[\s\S]*\n## src\/a\.ts\n```typescript\n/);
  const b = chatStream();
  await handler()({ prompt: '40 what does total return?', command: 'budget', references: refs, model }, {}, b.stream, token());
  assert.match(b.md(), /budget 40 ·/);
  assert.ok(sent[0][0].content.endsWith('Question: what does total return?'));
  const u = chatStream();
  await handler()({ prompt: 'what does total return?', command: 'budget', references: refs, model }, {}, u.stream, token());
  assert.match(u.md(), /^Usage: `@tersify \/budget 2000/);
});

test('@tersify: model errors become markdown, cancellation stops quietly, no context says so', { skip: !engineReady && 'engine not available yet' }, async () => {
  const ws = await workspaceWith({ 'src/a.ts': CART });
  const refs = [{ id: 'vscode.file', value: fake.Uri.file(join(ws, 'src/a.ts')) }];
  const denied = chatStream();
  await handler()({ prompt: 'explain', command: undefined, references: refs, model: chatModel(fake.LanguageModelError.NoPermissions('no')).model }, {}, denied.stream, token());
  assert.match(denied.md(), /Tersify is not allowed to use it/);
  // cancelled while the answer streams: the rest is not shown
  const tok = token();
  const cut = chatStream((v) => v === 'first ' && tok.cancel());
  await handler()({ prompt: 'explain', command: undefined, references: refs, model: chatModel(['first ', 'second']).model }, {}, cut.stream, tok);
  assert.ok(cut.md().endsWith('first '));
  // cancelled before packing: nothing is sent
  const early = token();
  early.cancel();
  const quiet = chatModel();
  await handler()({ prompt: 'explain', command: undefined, references: refs, model: quiet.model }, {}, chatStream().stream, early);
  assert.equal(quiet.sent.length, 0);
  // no references and no selection: the question alone, with a note
  fake.window.activeTextEditor = undefined;
  const bare = chatModel(['42']);
  const n = chatStream();
  await handler()({ prompt: 'what is 6 × 7?', command: undefined, references: [], model: bare.model }, {}, n.stream, token());
  assert.match(n.md(), /^_No context was attached[\s\S]*42$/);
  assert.equal(bare.sent[0][0].content, 'what is 6 × 7?');
  // no references but a selection: the selection is the context
  const doc = new fake.FakeDocument(fake.Uri.file(join(ws, 'src/a.ts')), CART, 'typescript');
  fake.showEditor(doc, CART.indexOf('export function total'), CART.indexOf('export function isEmpty'));
  const sel = chatModel(['ok']);
  const withSel = chatStream();
  await handler()({ prompt: 'explain', command: undefined, references: [], model: sel.model }, {}, withSel.stream, token());
  assert.match(withSel.md(), /using the selection in lines 7-14 of src\/a\.ts/);
  assert.match(sel.sent[0][0].content, /## lines 7-14 of src\/a\.ts\n```typescript\n/);
  fake.window.activeTextEditor = undefined;
  // /compress with nothing attached
  const empty = chatStream();
  await handler()({ prompt: '', command: 'compress', references: [], model: undefined }, {}, empty.stream, token());
  assert.match(empty.md(), /^Nothing to compress/);
});

test('Set Compression Rate writes the setting; the inspector answers with totals and exports CSV', async () => {
  await fake.commands.executeCommand('tersify.setRate', 0.333);
  assert.deepEqual(fake.record.configWrites.at(-1), ['rate', 0.33]);
  fake.record.quickPick = (items) => (items as { rate?: number }[]).find((i) => i.rate === 0.2);
  await fake.commands.executeCommand('tersify.setRate');
  assert.deepEqual(fake.record.configWrites.at(-1), ['rate', 0.2]);

  const view = new fake.FakeView();
  fake.record.viewProviders.get('tersify.inspector')!.resolveWebviewView(view);
  assert.match(view.webview.html, /dist\/webview\/inspector\.js/);
  view.webview.send({ kind: 'request', id: 1, method: 'ready', params: {} });
  const snap = (await view.webview.response(1)).result as import('../../src/core/protocol/inspector').InspectorSnapshot;
  const store = await api.services.historyStore();
  assert.equal(snap.history.length, store.list().length);
  assert.equal(snap.allTime.compressions, store.list().length);
  // clicking a history entry reopens it in the compression view (recomputed from the stored original)
  if (store.list().length > 0) {
    const entry = store.list().at(-1)!;
    view.webview.send({ kind: 'request', id: 5, method: 'open', params: { id: entry.id } });
    assert.deepEqual((await view.webview.response(5)).result, { ok: true });
    assert.equal(api.currentPanelTitle(), entry.title);
  }
  fake.record.saveUri = fake.Uri.file(join(dir, 'export.csv'));
  view.webview.send({ kind: 'request', id: 2, method: 'exportCsv', params: {} });
  assert.equal(((await view.webview.response(2)).result as { ok: boolean }).ok, true);
  const csv = await readFile(join(dir, 'export.csv'), 'utf8');
  assert.equal(csv.split('\r\n').filter(Boolean).length, store.list().length + 1);
  // clear asks first; no answer = nothing cleared
  fake.record.warningChoice = undefined;
  view.webview.send({ kind: 'request', id: 3, method: 'clear', params: {} });
  assert.deepEqual((await view.webview.response(3)).result, { ok: false });
  assert.equal(store.list().length > 0 || !engineReady, true);
  fake.record.warningChoice = 'Clear History';
  view.webview.send({ kind: 'request', id: 4, method: 'clear', params: {} });
  assert.deepEqual((await view.webview.response(4)).result, { ok: true });
  assert.equal(store.list().length, 0);
});

test('the status bar shows the token count and the estimate, and hides when disabled', async () => {
  const item = fake.record.statusItems[0];
  fake.record.config['rate'] = 0.5;
  fake.showEditor(new fake.FakeDocument(fake.Uri.file('/w/hello.txt'), 'Hello world, this is a test.', 'plaintext'));
  await wait(() => item.text === '$(fold) 8 → ~4');
  assert.equal(item.visible, true);
  assert.match(String((item.tooltip as { value: string }).value), /8 tokens \(o200k_base\)/);
  await fake.workspace.getConfiguration().update('statusBar.enabled', false);
  await wait(() => item.visible === false);
  await fake.workspace.getConfiguration().update('statusBar.enabled', true);
  await wait(() => item.visible === true);
});

test('Select Model lists the bundled default, downloaded models and a folder choice', async () => {
  const modelDir = join(dir, 'storage', 'models', 'llmlingua-2-bert-base-multilingual-cased-meetingbank');
  await mkdir(modelDir, { recursive: true });
  for (const f of ['model.onnx', 'tokenizer.json', 'config.json']) await writeFile(join(modelDir, f), '{}');
  await mkdir(join(dir, 'storage', 'models', 'incomplete'), { recursive: true });
  let offered: { label: string; detail?: string }[] = [];
  fake.record.quickPick = (items) => {
    offered = items as { label: string; detail?: string }[];
    return offered.find((i) => i.detail === modelDir);
  };
  await fake.commands.executeCommand('tersify.selectModel');
  assert.ok(offered.some((i) => /Bundled default/.test(i.label)));
  assert.ok(offered.some((i) => /Choose a folder/.test(i.label)));
  assert.ok(offered.some((i) => /LLMLingua-2 BERT base multilingual/.test(i.label)));
  assert.ok(!offered.some((i) => i.detail?.endsWith('incomplete')), 'incomplete folders are not offered');
  assert.deepEqual(fake.record.configWrites.at(-1), ['modelPath', modelDir]);
  fake.record.quickPick = (items) => (items as { label: string }[]).find((i) => /Bundled default/.test(i.label));
  await fake.commands.executeCommand('tersify.selectModel');
  assert.deepEqual(fake.record.configWrites.at(-1), ['modelPath', '']);
});
