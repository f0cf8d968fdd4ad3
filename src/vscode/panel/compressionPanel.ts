/**
 * The compression view: one webview panel (createOrShow), restored after reloads by a serializer.
 * Shows original vs compressed, recomputes live from the view's controls, and runs the actions.
 */
import * as vscode from 'vscode';
import { isCancellation, RpcEndpoint, type NoEvents } from '../../core/protocol/rpc';
import type { PanelAction, PanelControls, PanelHostMethods, PanelPersistedState, PanelState, PanelWebviewEvents } from '../protocol/panel';
import type { CompressionResult } from '../../core/types';
import { openDiff } from '../documents';
import { COMPRESSION_VIEW_TYPE } from '../ids';
import { friendlyMessage, log, showError } from '../log';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import { webviewHtml, webviewRoots } from '../webviewHtml';

/** Where "Replace Selection" writes, and the document version it was computed from. */
export interface ReplaceTarget {
  uri: vscode.Uri;
  version: number;
  range: vscode.Range;
}

/** One compression shown in the view. */
export interface PanelSession {
  title: string;
  original: string;
  result: CompressionResult;
  controls: PanelControls;
  language?: string;
  filename?: string;
  target?: ReplaceTarget;
  truncated?: boolean;
}

type HostEndpoint = RpcEndpoint<NoEvents, PanelHostMethods, PanelWebviewEvents>;

let sessionCounter = 0;

export class CompressionPanel implements vscode.Disposable {
  static current: CompressionPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly endpoint: HostEndpoint;
  private session: PanelSession | undefined;
  private sessionId = '';
  private recompute: AbortController | undefined;

  /** Shows `session` in the existing view or a new one. */
  static createOrShow(services: Services, session: PanelSession): CompressionPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (CompressionPanel.current) {
      CompressionPanel.current.panel.reveal(column, true);
      CompressionPanel.current.show(session);
      return CompressionPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(COMPRESSION_VIEW_TYPE, 'Tersify', { viewColumn: column, preserveFocus: false }, panelOptions(services));
    const view = new CompressionPanel(panel, services);
    view.show(session);
    return view;
  }

  /** Rebuilds a view VS Code restored after a reload, from the state the webview saved. */
  static revive(panel: vscode.WebviewPanel, services: Services, saved: PanelPersistedState | undefined): CompressionPanel {
    CompressionPanel.current?.dispose();
    panel.webview.options = panelOptions(services);
    const view = new CompressionPanel(panel, services);
    const state = saved?.state;
    if (state && typeof state.original === 'string' && state.result) {
      view.show({ title: state.title, original: state.original, result: state.result, controls: state.controls, truncated: state.truncated });
    }
    return view;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
  ) {
    CompressionPanel.current = this;
    this.endpoint = new RpcEndpoint((message) => void panel.webview.postMessage(message));
    panel.webview.html = webviewHtml(panel.webview, services.context.extensionUri, 'compression', 'Tersify');
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'tersify.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message) => this.endpoint.receive(message)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const target = this.session?.target;
        if (target && e.document.uri.toString() === target.uri.toString() && e.document.version !== target.version && e.contentChanges.length > 0) {
          this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: false });
        }
      }),
    );
    this.endpoint.handle('ready', () => this.state());
    this.endpoint.handle('recompute', (params, signal) => this.onRecompute(params.sessionId, params.controls, signal));
    this.endpoint.handle('action', (params) => this.onAction(params.sessionId, params.action));
  }

  get title(): string {
    return this.session?.title ?? '';
  }

  /** The webview's HTML (test hook: TersifyApi.panel). */
  get html(): string {
    return this.panel.webview.html;
  }

  /**
   * Test hook (TersifyApi.panel): answers a request exactly as if the webview had sent it. The integration suite
   * runs in the extension host and cannot post from inside the webview; the webview side is tested by the
   * Playwright scenarios and test/webview.
   */
  request(method: 'ready'): Promise<PanelState | null>;
  request(method: 'recompute', params: { sessionId: string; controls: PanelControls }): Promise<CompressionResult>;
  request(method: 'action', params: { sessionId: string; action: PanelAction }): Promise<{ ok: boolean; message?: string }>;
  async request(method: 'ready' | 'recompute' | 'action', params?: { sessionId: string; controls?: PanelControls; action?: PanelAction }): Promise<unknown> {
    if (method === 'ready') return this.state();
    if (method === 'recompute') return this.onRecompute(params!.sessionId, params!.controls!, new AbortController().signal);
    return this.onAction(params!.sessionId, params!.action!);
  }

  private show(session: PanelSession): void {
    this.recompute?.abort();
    this.session = session;
    this.sessionId = `s${++sessionCounter}-${Date.now()}`;
    this.panel.title = `Tersify: ${session.title}`;
    const state = this.state();
    if (state) this.endpoint.emit('state', state);
  }

  private state(): PanelState | null {
    const s = this.session;
    if (!s) return null;
    return {
      sessionId: this.sessionId,
      title: s.title,
      original: s.original,
      result: s.result,
      controls: s.controls,
      pricePerMillionTokens: this.services.settings().pricePerMillionTokens,
      canReplace: this.canReplace(),
      truncated: s.truncated,
    };
  }

  private canReplace(): boolean {
    const target = this.session?.target;
    if (!target) return false;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    return doc !== undefined && !doc.isClosed && doc.version === target.version;
  }

  private async onRecompute(sessionId: string, controls: PanelControls, signal: AbortSignal): Promise<CompressionResult> {
    const s = this.session;
    if (!s || sessionId !== this.sessionId) throw Object.assign(new Error('this compression is no longer shown'), { code: 'cancelled' });
    if (s.truncated) throw Object.assign(new Error('the original was too long to keep in the history; compress it again from the editor'), { code: 'usage' });
    // A newer request supersedes an older one even if the webview did not cancel it.
    this.recompute?.abort();
    const controller = new AbortController();
    this.recompute = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    const options = toCompressOptions(this.services.settings(), {
      language: s.language,
      filename: s.filename,
      rate: controls.rate,
      preset: controls.preset,
      mode: controls.mode,
      question: controls.question,
    });
    try {
      const result = await this.services.engine.compress(s.original, { ...options, signal: controller.signal });
      if (this.session === s) {
        s.result = result;
        s.controls = { ...controls };
      }
      return result;
    } catch (error) {
      if (!isCancellation(error)) log()?.error(`recompute failed: ${(error as Error).message}`);
      throw isCancellation(error) ? error : Object.assign(new Error(friendlyMessage(error)), { code: (error as { code?: string }).code });
    } finally {
      if (this.recompute === controller) this.recompute = undefined;
    }
  }

  private async onAction(sessionId: string, action: PanelAction): Promise<{ ok: boolean; message?: string }> {
    const s = this.session;
    if (!s || sessionId !== this.sessionId) return { ok: false, message: 'This compression is no longer shown.' };
    try {
      switch (action) {
        case 'copy':
          await vscode.env.clipboard.writeText(s.result.compressed);
          void vscode.window.setStatusBarMessage('$(check) Tersify: compressed text copied', 3000);
          return { ok: true, message: 'Copied.' };
        case 'openDocument': {
          const doc = await vscode.workspace.openTextDocument({ content: s.result.compressed, language: s.language ?? s.result.language });
          await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Active });
          return { ok: true };
        }
        case 'openDiff':
          await openDiff(this.services.docs, s.title, s.original, s.result.compressed);
          return { ok: true };
        case 'replace':
          return await this.replace(s);
      }
    } catch (error) {
      void showError(error, action);
      return { ok: false, message: friendlyMessage(error) };
    }
    return { ok: false, message: `unknown action ${String(action)}` };
  }

  private async replace(s: PanelSession): Promise<{ ok: boolean; message?: string }> {
    const target = s.target;
    if (!target) return { ok: false, message: 'There is no editor selection to replace for this compression.' };
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    if (!doc || doc.isClosed) {
      const message = 'The document is no longer open; nothing was replaced.';
      void vscode.window.showWarningMessage(message);
      return { ok: false, message };
    }
    if (doc.version !== target.version) {
      const message = 'The document changed since it was compressed; nothing was replaced. Compress it again to replace.';
      void vscode.window.showWarningMessage(message);
      this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: false });
      return { ok: false, message };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target.uri, target.range, s.result.compressed);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) return { ok: false, message: 'VS Code refused the edit; nothing was replaced.' };
    s.target = undefined;
    this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: false });
    return { ok: true, message: 'Replaced. Undo (Ctrl/Cmd+Z) restores the original.' };
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (CompressionPanel.current === this) CompressionPanel.current = undefined;
    this.recompute?.abort();
    this.endpoint.abortRunning();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function panelOptions(services: Services): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: webviewRoots(services.context.extensionUri), retainContextWhenHidden: false, enableFindWidget: true };
}

export class CompressionPanelSerializer implements vscode.WebviewPanelSerializer<PanelPersistedState> {
  constructor(private readonly services: Services) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelPersistedState | undefined): Promise<void> {
    CompressionPanel.revive(panel, this.services, state);
  }
}
