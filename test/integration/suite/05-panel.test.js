'use strict';
// The compression view's host side in a real VS Code: its HTML, and its answers to the webview's requests
// (api.panel().request: exactly what the webview's ready/recompute/action messages get). Clicking in the
// webview itself is covered by the Playwright scenarios 1–5 and test/webview.
const { test } = require('../harness');
const { vscode, api, assert, until, historyEntries, writeWorkspaceFile, closeAllEditors } = require('./_util');

const CONFIG =
  'import { readFile } from "node:fs";\n\n// Reads the config file and parses it.\nexport async function loadConfig(path: string): Promise<Record<string, unknown>> {\n  const text = await readFile(path, "utf8");\n  return JSON.parse(text);\n}\n';

test('Compress Selection: strict CSP; the view recomputes, copies, opens the diff and replaces once', async () => {
  const a = await api();
  await closeAllEditors();
  const uri = await writeWorkspaceFile('src/config.ts', CONFIG);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    const panel = await until('the compression view of src/config.ts', () => (a.panel() && a.panel().title === 'src/config.ts' ? a.panel() : undefined), 60000);
    // strict CSP with a nonce; the script comes from the extension through asWebviewUri, nothing inline
    const html = panel.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert(nonce && nonce.length >= 16, `a nonce of at least 16 characters (got ${nonce})`);
    assert(/default-src 'none'/.test(html), "default-src 'none'");
    assert(/base-uri 'none'/.test(html) && /form-action 'none'/.test(html), "base-uri and form-action 'none'");
    const script = new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}" src="[^"]+/dist/webview/compression\\.js"`);
    assert(script.test(html), 'the nonce-carrying script tag loads dist/webview/compression.js');
    assert(!/<script>(?!<)/.test(html), 'no inline script');
    assert(/data-testid="loading"[^>]*>Loading Tersify…</.test(html), 'a loading line shows before the script has drawn anything');
    // the handshake gives the state
    const ready = await panel.request('ready');
    assert(ready.original === CONFIG, 'state.original is the document');
    assert(ready.canReplace === true, 'canReplace');
    assert(
      ready.result.mode === 'code' && ready.result.language === 'typescript',
      `code/typescript (got ${ready.result.mode}/${ready.result.language}; notes: ${ready.result.notes.join('; ')})`,
    );
    assert(!ready.result.notes.some((n) => /fallback|could not/i.test(n)), `tree-sitter ran in the bundled worker: ${ready.result.notes.join('; ')}`);
    assert(
      ready.result.spans.some((s) => s.type),
      'spans carry code token types',
    );
    // recompute at another rate
    const r2 = await panel.request('recompute', { sessionId: ready.sessionId, controls: { ...ready.controls, rate: 0.2 } });
    assert(r2.compressedTokens < ready.result.compressedTokens, `rate 0.2: ${r2.compressedTokens} < ${ready.result.compressedTokens}`);
    // copy: the real clipboard
    assert((await panel.request('action', { sessionId: ready.sessionId, action: 'copy' })).ok, 'copy ok');
    const clip = await vscode.env.clipboard.readText();
    assert(clip === r2.compressed, `the clipboard holds the recomputed text (got ${JSON.stringify(clip.slice(0, 80))})`);
    // the native diff editor, original ↔ compressed, through the tersify: content provider
    assert((await panel.request('action', { sessionId: ready.sessionId, action: 'openDiff' })).ok, 'openDiff ok');
    const tab = await until('a diff tab', () => {
      const t = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((x) => x.input instanceof vscode.TabInputTextDiff && x.input.original.scheme === 'tersify');
      return t;
    });
    assert((await vscode.workspace.openTextDocument(tab.input.original)).getText() === CONFIG, 'left side: the original');
    assert((await vscode.workspace.openTextDocument(tab.input.modified)).getText() === r2.compressed, 'right side: the compressed text');
    // replace: one edit, then refused
    const rep = await panel.request('action', { sessionId: ready.sessionId, action: 'replace' });
    assert(rep.ok === true && rep.message === 'Replaced. Undo (Ctrl/Cmd+Z) restores the original.', `replaced (${JSON.stringify(rep)})`);
    assert(doc.getText() === r2.compressed, 'the document now holds the compressed text');
    const again = await panel.request('action', { sessionId: ready.sessionId, action: 'replace' });
    assert(again.ok === false, 'a second replace is refused');
    assert(doc.getText() === r2.compressed, 'no second edit');
    // history got the compression
    const e = (await historyEntries(a))[0];
    assert(e.title === 'src/config.ts' && e.source === 'selection', `newest history entry (got ${e.title}/${e.source})`);
  } finally {
    await closeAllEditors();
  }
});

test('Replace refuses when the document changed after compressing; prose spans carry keep probabilities', async () => {
  const a = await api();
  await closeAllEditors();
  const NOTES = 'Hello world, this is a test of the meeting notes. We discussed the launch plan and the budget for next year.\n';
  const uri = await writeWorkspaceFile('docs/notes.md', NOTES);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 48);
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    const panel = await until(
      'the compression view of the selection',
      () => (a.panel() && a.panel().title === 'docs/notes.md (selection)' ? a.panel() : undefined),
      60000,
    );
    const state = await panel.request('ready');
    assert(state.original === NOTES.slice(0, 48), 'state.original is the selection');
    assert(state.result.mode === 'text', `text mode (got ${state.result.mode})`);
    assert(
      state.result.spans.some((s) => typeof s.p === 'number'),
      'prose spans carry keep probabilities',
    );
    // an edit inside the compressed range: the compression no longer matches what is there
    assert(await editor.edit((b) => b.insert(new vscode.Position(0, 6), 'big ')), 'the edit applied');
    assert((await panel.request('ready')).canReplace === false, 'Replace is no longer offered');
    const res = await panel.request('action', { sessionId: state.sessionId, action: 'replace' });
    assert(res.ok === false && /changed since it was compressed/.test(res.message), `refused (${JSON.stringify(res)})`);
    assert(editor.document.getText() === `Hello big ${NOTES.slice(6)}`, 'nothing replaced');
  } finally {
    await closeAllEditors();
  }
});

test('Moving the rate or editing the question re-selects from kept scores: the model does not run again', async () => {
  const a = await api();
  await closeAllEditors();
  const TEXT =
    'The storage team moved the nightly backup from 02:00 to 04:30 because the replication job overlapped with it.\n\n' +
    'Restores were tested on Thursday by Priya, who found that the archive index was missing two tables; the fix shipped on Friday.\n';
  const uri = await writeWorkspaceFile('docs/backup-notes.md', TEXT);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    const panel = await until(
      'the compression view of docs/backup-notes.md',
      () => (a.panel() && a.panel().title === 'docs/backup-notes.md' ? a.panel() : undefined),
      60000,
    );
    const ready = await panel.request('ready');
    assert(ready.result.mode === 'text' && ready.result.modelRuns > 0, `the first compression runs the model (modelRuns ${ready.result.modelRuns})`);
    const tighter = await panel.request('recompute', { sessionId: ready.sessionId, controls: { ...ready.controls, rate: 0.2 } });
    assert(tighter.modelRuns === 0, `rate 0.2 re-selects only (modelRuns ${tighter.modelRuns})`);
    assert(tighter.compressedTokens < ready.result.compressedTokens, `rate 0.2 keeps less: ${tighter.compressedTokens} < ${ready.result.compressedTokens}`);
    const asked = await panel.request('recompute', {
      sessionId: ready.sessionId,
      controls: { ...ready.controls, rate: 0.2, question: 'who tested the restores?' },
    });
    assert(asked.modelRuns === 0, `a question re-selects only (modelRuns ${asked.modelRuns})`);
    assert(/Priya/.test(asked.compressed), `the answer to the question is kept: ${asked.compressed}`);
  } finally {
    await closeAllEditors();
  }
});

test('Replace is refused while a recompute is in flight; after Replace and Undo it is offered again', async () => {
  const a = await api();
  await closeAllEditors();
  const uri = await writeWorkspaceFile('src/undo.ts', CONFIG);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    const panel = await until('the compression view of src/undo.ts', () => (a.panel() && a.panel().title === 'src/undo.ts' ? a.panel() : undefined), 60000);
    const ready = await panel.request('ready');
    assert(ready.canReplace === true, 'Replace is offered');
    // the slider moved: while the new result is computed, Replace would insert the previous one
    const pending = panel.request('recompute', { sessionId: ready.sessionId, controls: { ...ready.controls, rate: 0.2 } });
    const during = await panel.request('action', { sessionId: ready.sessionId, action: 'replace' });
    assert(during.ok === false && /recomputing/i.test(during.message), `refused during the recompute (${JSON.stringify(during)})`);
    assert(editor.document.getText() === CONFIG, 'nothing replaced during the recompute');
    const r2 = await pending;
    const rep = await panel.request('action', { sessionId: ready.sessionId, action: 'replace' });
    assert(rep.ok === true, `replaced after the recompute (${JSON.stringify(rep)})`);
    assert(editor.document.getText() === r2.compressed, 'the document holds the result for the rate shown (0.2)');
    assert((await panel.request('ready')).canReplace === false, 'after Replace: not offered');
    await vscode.window.showTextDocument(editor.document, { preview: false, viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand('undo');
    await until('the undo', () => editor.document.getText() === CONFIG);
    assert((await panel.request('ready')).canReplace === true, 'after Undo: offered again');
    const again = await panel.request('action', { sessionId: ready.sessionId, action: 'replace' });
    assert(again.ok === true && editor.document.getText() === r2.compressed, `replaced again (${JSON.stringify(again)})`);
  } finally {
    await closeAllEditors();
  }
});

test('History: one entry per compression, revised to what the user used (recompute + copy), totals counted once', async () => {
  const a = await api();
  await closeAllEditors();
  const store = await a.services.historyStore();
  const before = store.sessionTotals;
  const uri = await writeWorkspaceFile('src/used.ts', CONFIG);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    const panel = await until('the compression view of src/used.ts', () => (a.panel() && a.panel().title === 'src/used.ts' ? a.panel() : undefined), 60000);
    const ready = await panel.request('ready');
    const first = await panel.recorded();
    assert(first && first.compressedTokens === ready.result.compressedTokens, 'the shown result is recorded');
    const r2 = await panel.request('recompute', { sessionId: ready.sessionId, controls: { ...ready.controls, rate: 0.2 } });
    assert((await panel.request('action', { sessionId: ready.sessionId, action: 'copy' })).ok, 'copied');
    const used = await panel.recorded();
    assert(used.id === first.id, 'the same entry, revised');
    const entries = (await historyEntries(a)).filter((e) => e.title === 'src/used.ts');
    assert(entries.length === 1, `one history entry (got ${entries.length})`);
    assert(
      entries[0].compressedTokens === r2.compressedTokens && entries[0].used === 'copied',
      `the entry shows the copied result (${entries[0].compressedTokens}/${entries[0].used} vs ${r2.compressedTokens})`,
    );
    const after = store.sessionTotals;
    assert(after.compressions === before.compressions + 1, `counted once (${before.compressions} → ${after.compressions})`);
    assert(after.tokensOut - before.tokensOut === r2.compressedTokens, 'the totals count the copied result');
  } finally {
    await closeAllEditors();
  }
});

test('The view reuses its own editor group when a file was opened in it', async () => {
  const a = await api();
  await closeAllEditors();
  const A = await writeWorkspaceFile('src/group-a.ts', CONFIG);
  const B = await writeWorkspaceFile('src/group-b.ts', CONFIG.replace('loadConfig', 'loadOther'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(A), { preview: false, viewColumn: vscode.ViewColumn.One });
  try {
    await vscode.commands.executeCommand('tersify.compressSelection');
    await until('the view of A', () => a.panel()?.title === 'src/group-a.ts', 60000);
    const viewGroup = await until('the view tab', () =>
      vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview || /^Tersify: /.test(t.label))),
    );
    const groups = vscode.window.tabGroups.all.length;
    for (let i = 0; i < 2; i++) {
      // like Ctrl+P from inside the view: file B opens in the view's group, then the compress key again
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(B), { preview: false, viewColumn: viewGroup.viewColumn });
      await vscode.commands.executeCommand('tersify.compressSelection');
      await until('the view of B', () => a.panel()?.title === 'src/group-b.ts', 60000);
      await new Promise((r) => setTimeout(r, 300));
      assert(vscode.window.tabGroups.all.length === groups, `still ${groups} editor groups (got ${vscode.window.tabGroups.all.length})`);
    }
  } finally {
    await closeAllEditors();
  }
});
