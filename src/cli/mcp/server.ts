/** `tersify mcp`: a Model Context Protocol server on stdio exposing the engine as tools (one file per tool). */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { localEngine, type Engine } from '../../core/engine';
import { folderRoot } from '../../core/sources';
import type { CompressOptions } from '../../core/types';
import { version } from '../../../package.json';
import { registerCompressFiles } from './compressFiles';
import { registerCompressText } from './compressText';
import { LineTransport } from './transport';

/** `root`: the only folder compress_files reads from (the server's working directory). */
export function createMcpServer(defaults: CompressOptions = {}, root = process.cwd(), engine: Engine = localEngine): McpServer {
  const server = new McpServer({ name: 'tersify', version });
  registerCompressText(server, engine, defaults);
  registerCompressFiles(server, engine, defaults, folderRoot(root, `the server's root ${root}`));
  return server;
}

/** Serves stdin/stdout until stdin closes (the caller then exits, even with a call still running). */
export async function runMcpServer(defaults: CompressOptions = {}): Promise<void> {
  const server = createMcpServer(defaults);
  const transport = new LineTransport(process.stdin, process.stdout);
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
  });
  await server.connect(transport);
  await closed;
}
