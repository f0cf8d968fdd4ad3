import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { isFaithful } from '../../../src/core/faithfulness';
import { readSourceFiles, skippedNote, workspaceRoots } from '../../../src/core/sources';
import { createMcpServer } from '../../../src/cli/mcp/server';
import { cliPath, repoRoot } from '../../helpers';

type CallResult = { content: { type: string; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };

let client: Client;

before(async () => {
  client = new Client({ name: 'tersify-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cliPath, 'mcp'], cwd: repoRoot, stderr: 'pipe' }));
});

after(async () => {
  await client.close();
});

test('the MCP server initializes over stdio and lists its tools with schemas', async () => {
  assert.equal(client.getServerVersion()?.name, 'tersify');
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  assert.deepEqual(names, ['compress_files', 'compress_text']);
  const text = tools.find((t) => t.name === 'compress_text')!;
  assert.ok(text.description && text.description.length > 20);
  assert.deepEqual(text.inputSchema.required, ['text']);
});

test('compress_text compresses code faithfully and reports counts', async () => {
  const code =
    'def total(items):\n    # sum the prices\n    result = 0\n    for item in items:\n        result += item.price * item.quantity\n    return result\n';
  const r = (await client.callTool({ name: 'compress_text', arguments: { text: code, language: 'python', rate: 0.6 } })) as CallResult;
  assert.ok(!r.isError, JSON.stringify(r));
  const out = r.content[0].text;
  assert.ok(isFaithful(code, out));
  const s = r.structuredContent!;
  assert.ok((s.compressedTokens as number) < (s.originalTokens as number));
  assert.match(s.summary as string, /tokens: .* → .* \(−\d+%\)/);
});

test('compress_files reads workspace files under headers with one savings line', async () => {
  const r = (await client.callTool({
    name: 'compress_files',
    arguments: { paths: ['test/fixtures/cli/Method.java', '../outside.txt'], rate: 0.5 },
  })) as CallResult;
  assert.ok(!r.isError, JSON.stringify(r));
  const text = r.content[0].text;
  assert.match(text, /^## test\/fixtures\/cli\/Method\.java\n```java\n/);
  const lines = text.split('\n');
  assert.match(lines.at(-1)!, /^1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  assert.equal(lines.at(-2), `Skipped 1: ../outside.txt (outside the server's root ${repoRoot}).`);
  assert.deepEqual(r.structuredContent!.skipped, [`../outside.txt (outside the server's root ${repoRoot})`]);
});

test('bad arguments give a tool error, and the server keeps serving', async () => {
  let failed = false;
  try {
    const r = (await client.callTool({ name: 'compress_text', arguments: { text: 'abc', rate: 5 } })) as CallResult;
    failed = r.isError === true;
    if (failed) assert.match(r.content[0].text, /rate|Number must be|less than or equal/i);
  } catch (e) {
    failed = /rate|invalid/i.test(String(e));
  }
  assert.ok(failed, 'rate 5 must be refused');
  const bin = (await client.callTool({ name: 'compress_text', arguments: { text: 'a\u0000b' } })) as CallResult;
  assert.equal(bin.isError, true);
  assert.match(bin.content[0].text, /binary input/);
  const ok = (await client.callTool({ name: 'compress_text', arguments: { text: 'int main() { return 0; }', language: 'c', rate: 1 } })) as CallResult;
  assert.equal(ok.content[0].text, 'int main() { return 0; }');
});

test('compress_files reads by the same rules as the #tersify tool: real paths confined to the root, one skipped note', async () => {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tersify-mcp-')));
  const root = join(tmp, 'root');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(tmp, 'secret.txt'), 'a secret outside the root\n');
  writeFileSync(join(root, 'src', 'a.py'), 'def add(a, b):\n    # add two numbers\n    return a + b\n');
  writeFileSync(join(root, '..notes.md'), 'The release notes. We shipped the new cart and fixed the tax rounding bug.\n');
  writeFileSync(join(root, 'logo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  writeFileSync(join(root, 'big.log'), '');
  truncateSync(join(root, 'big.log'), 3 * 1024 ** 3);
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(join('src', 'a.py'), join(root, 'link-in.py'));
  assert.equal(spawnSync('mkfifo', [join(root, 'pipe')]).status, 0, 'mkfifo');
  const local = new Client({ name: 'tersify-test', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({}, root);
  await server.connect(serverSide);
  await local.connect(clientSide);
  try {
    const paths = ['src/a.py', 'link-in.py', '..notes.md', 'logo.png', 'big.log', 'pipe', 'src', 'link-out.txt', '../secret.txt'];
    const r = (await local.callTool({ name: 'compress_files', arguments: { paths, rate: 0.6 } })) as CallResult;
    assert.ok(!r.isError, JSON.stringify(r));
    const text = r.content[0].text;
    assert.match(text, /^## src\/a\.py\n```python\n/);
    assert.match(text, /\n## link-in\.py\n```python\n/);
    assert.match(text, /\n## \.\.notes\.md\n/);
    assert.doesNotMatch(text, /a secret outside/);
    const lines = text.split('\n');
    assert.match(lines.at(-1)!, /^3 files: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
    const outside = `outside the server's root ${root}`;
    assert.equal(
      lines.at(-2),
      `Skipped 6: logo.png (binary), big.log (larger than 2 MB), pipe (a FIFO, not a file), src (a folder, not a file), link-out.txt (${outside} (through a link)), ../secret.txt (${outside}).`,
    );
    // The tool's rules give the same note for the same files (its roots are named "the workspace folders").
    const tool = await readSourceFiles(paths, workspaceRoots([{ name: 'root', fsPath: root }]));
    assert.equal(skippedNote(tool.skipped, 20), lines.at(-2)!.replaceAll(outside, 'outside the workspace folders'));
    const none = (await local.callTool({ name: 'compress_files', arguments: { paths: ['link-out.txt'] } })) as CallResult;
    assert.equal(none.isError, true);
    assert.equal(none.content[0].text, `Nothing was compressed. Skipped 1: link-out.txt (${outside} (through a link)).`);
  } finally {
    await local.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
