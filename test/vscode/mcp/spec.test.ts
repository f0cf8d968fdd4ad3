/**
 * The MCP server definition the extension gives VS Code ≥ 1.101, run exactly as VS Code would run it:
 * the host's runtime (here Node; in VS Code, Electron made Node-like by ELECTRON_RUN_AS_NODE=1) with the
 * bundled CLI from the extension folder, spoken to over stdio by the official MCP client.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'esbuild';
import { MCP_PROVIDER_ID, mcpServerSpec } from '../../../src/vscode/mcp/spec';
import { nodeConfig } from '../../../scripts/build-config.mjs';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tersify-mcp-'));
  // dist/cli.js as scripts/build.mjs makes it, in an extension folder with the shipped assets
  await mkdir(join(dir, 'dist'), { recursive: true });
  await build({ ...nodeConfig('cli', join(dir, 'dist')), logLevel: 'silent' });
  for (const d of ['node_modules', 'grammars', 'models']) if (existsSync(join(root, d))) await symlink(join(root, d), join(dir, d));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the provider id is declared in the manifest; the definition runs the bundled CLI with the host runtime as Node', () => {
  assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id: MCP_PROVIDER_ID, label: 'Tersify' }]);
  const spec = mcpServerSpec({ extensionPath: '/ext', execPath: '/vscode/code', version: '1.2.3' });
  assert.deepEqual(spec, {
    label: 'Tersify',
    command: '/vscode/code',
    args: [join('/ext', 'dist', 'cli.js'), 'mcp'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
    version: '1.2.3',
  });
});

test('that exact command serves MCP over stdio: tools are listed and compress_files works in the working folder', async () => {
  const spec = mcpServerSpec({ extensionPath: dir, execPath: process.execPath, version: pkg.version });
  const client = new Client({ name: 'vscode-like', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: spec.command,
      args: spec.args,
      env: { ...(process.env as Record<string, string>), ...spec.env },
      cwd: root,
      stderr: 'pipe',
    }),
  );
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['compress_files', 'compress_text']);
    const r = (await client.callTool({ name: 'compress_files', arguments: { paths: ['src/core/files.ts'], rate: 0.5 } })) as {
      content: { text: string }[];
      isError?: boolean;
    };
    assert.ok(!r.isError, JSON.stringify(r));
    assert.match(r.content[0].text, /^## src\/core\/files\.ts\n/);
    assert.match(r.content[0].text, /tokens \(−\d+%\)/);
  } finally {
    await client.close();
  }
});
