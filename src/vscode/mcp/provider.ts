/**
 * Registers Tersify's MCP server with VS Code's MCP support (`lm.registerMcpServerDefinitionProvider`, final in
 * VS Code 1.101). @types/vscode is pinned at 1.100, so the API is feature-detected and typed locally here;
 * on older versions nothing is registered (users can still add `tersify mcp` to .vscode/mcp.json).
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { MCP_PROVIDER_ID, mcpServerSpec } from './spec';

/** The parts of the 1.101 API used here. */
interface McpStdioServerDefinitionLike {
  cwd?: vscode.Uri;
}
type McpStdioServerDefinitionCtor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioServerDefinitionLike;
interface McpServerDefinitionProviderLike {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): McpStdioServerDefinitionLike[];
}
interface McpLanguageModelApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProviderLike): vscode.Disposable;
}

/** Disposables of the registration, or undefined when this VS Code has no MCP provider API. */
export function registerMcpProvider(context: vscode.ExtensionContext): vscode.Disposable[] | undefined {
  const lm = vscode.lm as unknown as Partial<McpLanguageModelApi> | undefined;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionCtor }).McpStdioServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') {
    log()?.info('MCP server definition provider API not available (VS Code < 1.101); add `tersify mcp` to .vscode/mcp.json instead');
    return undefined;
  }
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension?.packageJSON as { version?: string } | undefined)?.version;
  const provider: McpServerDefinitionProviderLike = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const spec = mcpServerSpec({ extensionPath: context.extensionUri.fsPath, execPath: process.execPath, version });
      const definition = new Definition(spec.label, spec.command, spec.args, spec.env, spec.version);
      // compress_files reads paths relative to the server's working folder: the first local workspace folder.
      const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
      if (folder) definition.cwd = folder.uri;
      return [definition];
    },
  };
  let registration: vscode.Disposable;
  try {
    registration = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  } catch (error) {
    // VS Code 1.100 has the (then proposed) function but throws: it wants `modelContextServerCollections`.
    changed.dispose();
    log()?.info(
      `MCP server definition provider not registered on VS Code ${vscode.version} (${(error as Error).message}); add \`tersify mcp\` to .vscode/mcp.json instead`,
    );
    return undefined;
  }
  const disposables: vscode.Disposable[] = [changed, registration];
  if (typeof vscode.workspace.onDidChangeWorkspaceFolders === 'function') disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()));
  log()?.info(`registered the MCP server definition provider ${MCP_PROVIDER_ID}`);
  return disposables;
}
