'use strict';
const { test } = require('../harness');
const { vscode, api, assert, historyEntries, watchShown, writeWorkspaceFile, workspaceUri } = require('./_util');

test('Compress Files to Clipboard: one shared budget, `## path` headers, binary files skipped and named', async () => {
  const a = await api();
  const uris = [
    await writeWorkspaceFile('files/a.py', 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n'),
    await writeWorkspaceFile('files/b.md', 'The meeting notes. We discussed the launch plan and the budget for next year.\n'),
    await writeWorkspaceFile('files/c.bin', new Uint8Array([0, 1, 2, 3, 0, 255])),
  ];
  const shown = watchShown(a);
  try {
    // what the explorer passes for a multi-selection: (clicked, allSelected)
    await vscode.commands.executeCommand('tersify.compressFilesToClipboard', uris[0], uris);
    const note = await shown.waitFor('info', /copied \d+ files?/);
    assert(/copied 2 files: .* tokens \(\d+% saved/.test(note.text), `savings note (got ${note.text})`);
    assert(/Skipped 1: files\/c\.bin \(binary\)/.test(note.text), `the binary file is named (got ${note.text})`);
    assert(
      note.items?.some((i) => i.label === 'Show Result'),
      `the notification offers Show Result (got ${JSON.stringify(note.items)})`,
    );
    const clip = await vscode.env.clipboard.readText();
    assert(/^## files\/a\.py\n```python\n/.test(clip), `starts with the a.py block (got ${JSON.stringify(clip.slice(0, 60))})`);
    assert(/\n## files\/b\.md\n/.test(clip), 'a b.md block');
    assert(/def add/.test(clip), 'code kept');
    assert(!/c\.bin/.test(clip), 'no block for the binary file');
    const entry = (await historyEntries(a))[0];
    assert(entry.source === 'files', `history source files (got ${entry.source})`);
    assert(entry.compressedTokens < entry.originalTokens, 'one shared budget below the original');
    assert(entry.compressed === clip, 'the history keeps what was copied');
  } finally {
    shown.dispose();
  }
});

test('Compress Files to Clipboard on a folder: .gitignore and files.exclude respected, binaries skipped, counts shown', async () => {
  const a = await api();
  await writeWorkspaceFile('proj/.gitignore', '*.log\nbuild/\n');
  await writeWorkspaceFile('proj/src/app.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  await writeWorkspaceFile('proj/README.md', 'The project notes. We discussed the launch plan and the budget for next year.\n');
  await writeWorkspaceFile('proj/debug.log', 'noise noise noise\n');
  await writeWorkspaceFile('proj/build/out.js', 'console.log("built");\n');
  await writeWorkspaceFile('proj/logo.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
  const folder = workspaceUri('proj');
  const shown = watchShown(a);
  try {
    await vscode.commands.executeCommand('tersify.compressFilesToClipboard', folder, [folder]);
    const note = await shown.waitFor('info', /copied \d+ files?/);
    assert(/copied 3 files/.test(note.text), `README.md, src/app.ts and .gitignore (got ${note.text})`);
    assert(/2 files ignored by \.gitignore/.test(note.text), `debug.log and build/out.js are ignored and counted (got ${note.text})`);
    assert(/Skipped 1: proj\/logo\.bin \(binary\)/.test(note.text), `the binary is skipped and named (got ${note.text})`);
    const clip = await vscode.env.clipboard.readText();
    assert(/^## proj\/src\/app\.ts$/m.test(clip) && /^## proj\/README\.md$/m.test(clip), `a block per file (got ${JSON.stringify(clip.slice(0, 120))})`);
    assert(!/debug\.log|out\.js|built/.test(clip), 'nothing ignored is in the bundle');
  } finally {
    shown.dispose();
  }
});
