import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { isFaithful } from '../../src/core/faithfulness';
import { cliPath, repoRoot } from '../helpers';

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
  const code = 'def total(items):\n    # sum the prices\n    result = 0\n    for item in items:\n        result += item.price * item.quantity\n    return result\n';
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
  assert.match(text, /1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)/);
  assert.match(text, /Skipped:\n- \.\.\/outside\.txt: .*outside the server's root/);
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
