/**
 * Tersify's VS Code entry point: wiring only. Every id registered here comes from ids.ts (= package.json
 * `contributes`); every registration goes to context.subscriptions. Activation loads no engine code:
 * the engine (ONNX Runtime, grammars) runs in a worker thread started on first use (a token count, or the model
 * warm-up on the first text selection: engine/warmUp.ts).
 */
import * as vscode from 'vscode';
import { handleChatRequest, registerChatParticipant } from './chat/participant';
import { ContextViews, showContextSource } from './chat/views';
import { compressFilesToClipboard } from './commands/compressFiles';
import { compressSelection, compressSelectionToClipboard, openHistoryEntry } from './commands/compressSelection';
import { downloadModel, selectModel } from './commands/models';
import { setRate } from './commands/setRate';
import { SCHEME } from './documents';
import { COMMANDS, COMPRESSION_VIEW_TYPE, INSPECTOR_VIEW_ID, TOOL_NAME } from './ids';
import { InspectorViewProvider } from './inspector/inspectorView';
import { initLog, log, onDidShow, type Shown } from './log';
import { CompressionPanel, CompressionPanelSerializer } from './panel/compressionPanel';
import { Services } from './services';
import { affectsTersify } from './settings';
import { registerMcpProvider } from './mcp/provider';
import { TokenStatusBar } from './statusBar';
import { CompressContextTool } from './tools/tool';
import { ModelWarmUp } from './engine/warmUp';

/**
 * What activate() returns: handles for the integration suite, which runs inside a real VS Code (code-server in
 * `npm run test:e2e`) and observes what the extension did. Nothing here replaces a VS Code component.
 */
export interface TersifyApi {
  services: Services;
  currentPanelTitle(): string | undefined;
  /** Fires for every message and quick pick Tersify shows (they are still shown). */
  onDidShow: vscode.Event<Shown>;
  /** The token-count status bar item as shown. */
  statusBar(): { text: string; tooltip: string; visible: boolean };
  /** The open compression view: its HTML, and its answers to the webview's requests (undefined when none is open). */
  panel(): Pick<CompressionPanel, 'title' | 'html' | 'request' | 'recorded'> | undefined;
  /** The @tersify request handler, for driving the participant with a stand-in model (no chat model runs in tests). */
  chatRequest(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult>;
  /** The background model load started by the first text selection (undefined before it; resolves undefined if it failed). */
  modelWarmUp(): Promise<{ provider: string; ms: number } | undefined> | undefined;
}

let active: Services | undefined;

export function activate(context: vscode.ExtensionContext): TersifyApi {
  const channel = initLog(context);
  const services = new Services(context);
  active = services;
  const statusBar = new TokenStatusBar(services);
  const inspector = new InspectorViewProvider(services, (id) => openHistoryEntry(services, id));
  const warmUp = new ModelWarmUp(services);
  context.subscriptions.push(
    services,
    warmUp,
    inspector,
    statusBar,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, services.docs),
    vscode.window.registerWebviewPanelSerializer(COMPRESSION_VIEW_TYPE, new CompressionPanelSerializer(services)),
    vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW_ID, inspector, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand(COMMANDS.compressSelection, () => compressSelection(services)),
    vscode.commands.registerCommand(COMMANDS.compressSelectionToClipboard, () => compressSelectionToClipboard(services)),
    vscode.commands.registerCommand(COMMANDS.compressFilesToClipboard, (clicked?: unknown, all?: unknown) => compressFilesToClipboard(services, clicked, all)),
    vscode.commands.registerCommand(COMMANDS.showInspector, () => vscode.commands.executeCommand(`${INSPECTOR_VIEW_ID}.focus`)),
    vscode.commands.registerCommand(COMMANDS.setRate, (value?: unknown) => setRate(services, value)),
    vscode.commands.registerCommand(COMMANDS.selectModel, () => selectModel(services)),
    vscode.commands.registerCommand(COMMANDS.downloadModel, (id?: unknown) => downloadModel(services, id)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show(true)),
    vscode.commands.registerCommand(COMMANDS.exportHistory, () => inspector.runExport()),
    vscode.commands.registerCommand(COMMANDS.clearHistory, () => inspector.runClear()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (affectsTersify(e, 'historySize')) {
        await (await services.historyStore()).setMaxEntries(services.settings().historySize);
        services.notifyHistoryChanged();
      }
      if (affectsTersify(e, 'modelPath') || affectsTersify(e, 'executionProvider') || affectsTersify(e, 'threads')) {
        await services.engine.releaseModels().catch((error) => log()?.warn(`could not release models: ${(error as Error).message}`));
        warmUp.rearm();
      }
      if (affectsTersify(e, 'pricePerMillionTokens')) void inspector.push();
    }),
  );
  // Chat and agent mode: the @tersify participant, the #tersify tool, and (VS Code ≥ 1.101) the MCP server.
  const views = new ContextViews();
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.showContextSource, (id?: unknown) => showContextSource(services, views, id)));
  if (typeof vscode.chat?.createChatParticipant === 'function') context.subscriptions.push(registerChatParticipant(services, views));
  else channel.info('chat participants are not supported by this editor');
  if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(vscode.lm.registerTool(TOOL_NAME, new CompressContextTool(services)));
  else channel.info('language-model tools are not supported by this editor');
  context.subscriptions.push(...(registerMcpProvider(context) ?? []));
  channel.info(`Tersify activated (extension folder ${context.extensionUri.fsPath})`);
  return {
    services,
    currentPanelTitle: () => CompressionPanel.current?.title,
    onDidShow,
    statusBar: () => statusBar.snapshot(),
    panel: () => CompressionPanel.current,
    chatRequest: (request, stream, token) => handleChatRequest(services, views, request, stream, token),
    modelWarmUp: () => warmUp.last,
  };
}

/** Lets the engine worker finish cancelling and release ONNX Runtime before the host goes away. */
export function deactivate(): Promise<void> | undefined {
  CompressionPanel.current?.dispose();
  const engine = active?.engine;
  active = undefined;
  return engine?.dispose();
}
