/**
 * The MCP server the extension registers with VS Code (≥ 1.101): the bundled CLI's `tersify mcp` on stdio, run by
 * the editor's own runtime. `process.execPath` in the extension host is Electron (or Node in a remote/server
 * host); ELECTRON_RUN_AS_NODE=1 makes Electron behave as plain Node and is ignored by Node, so users need no
 * `node` on their PATH. No vscode import: tested by running exactly this command.
 */
import { join } from 'node:path';

export { MCP_PROVIDER_ID } from '../ids';
export const MCP_SERVER_LABEL = 'Tersify';

export interface McpServerSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  version?: string;
}

export function mcpServerSpec(o: { extensionPath: string; execPath: string; version?: string }): McpServerSpec {
  return {
    label: MCP_SERVER_LABEL,
    command: o.execPath,
    args: [join(o.extensionPath, 'dist', 'cli.js'), 'mcp'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
    version: o.version,
  };
}
