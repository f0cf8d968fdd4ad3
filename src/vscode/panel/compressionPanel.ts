/**
 * The compression view: one webview panel (createOrShow), restored after reloads by a serializer.
 * Shows original vs compressed, recomputes live from the view's controls, and runs the actions.
 */
import * as vscode from 'vscode';
import { isCancellation, RpcEndpoint, type NoEvents } from '../../core/protocol/rpc';
import type { PanelAction, PanelControls, PanelHostMethods, PanelPersistedState, PanelState, PanelWebviewEvents } from '../protocol/panel';
import type { CompressionResult } from '../../core/types';
import type { HistoryEntry } from '../history/store';
import type { CompressionSource, UsedAction } from '../protocol/inspector';
import { openDiff } from '../documents';
import { COMPRESSION_VIEW_TYPE } from '../ids';
import { friendlyMessage, log, showError } from '../log';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import { webviewHtml, webviewRoots } from '../webviewHtml';

/** Where "Replace Selection" writes: the range that held the original when it was compressed. */
export interface ReplaceTarget {
  uri: vscode.Uri;
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
  /** Where it came from, for the history. */
  source?: CompressionSource;
  /** Its history entry (recorded when first shown); reopened entries have none until the user uses a result. */
  recorded?: Promise<HistoryEntry | undefined>;
  /** Set once the user replaced, copied or opened a result: the entry then keeps what was used. */
  used?: UsedAction;
}

type HostEndpoint = RpcEndpoint<NoEvents, PanelHostMethods, PanelWebviewEvents>;

let sessionCounter = 0;
/** globalState key of the "Struck only" toggle. */
const MARKS_ONLY_KEY = 'tersify.view.marksOnly';

export class CompressionPanel implements vscode.Disposable {
  static current: CompressionPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly endpoint: HostEndpoint;
  private session: PanelSession | undefined;
  private sessionId = '';
  private recompute: AbortController | undefined;
  private lastCanReplace = false;

  /** Shows `session` in the existing view or a new one. */
  static createOrShow(services: Services, session: PanelSession): CompressionPanel {
    const current = CompressionPanel.current;
    if (current) {
      // Its own group, wherever the active editor is: "Beside" the active editor would open a new group each time
      // the user had opened a file in the view's group.
      current.panel.reveal(current.panel.viewColumn, true);
      current.show(session);
      return current;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
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
        if (!target || e.document.uri.toString() !== target.uri.toString() || e.contentChanges.length === 0) return;
        // Replace, an edit or Undo: Replace is possible exactly while the range holds the original again.
        const can = this.canReplace();
        if (can !== this.lastCanReplace) {
          this.lastCanReplace = can;
          this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: can });
        }
      }),
    );
    this.endpoint.handle('ready', () => this.state());
    this.endpoint.handle('recompute', (params, signal) => this.onRecompute(params.sessionId, params.controls, signal));
    this.endpoint.handle('action', (params) => this.onAction(params.sessionId, params.action));
    this.endpoint.handle('setMarksOnly', async ({ marksOnly }) => {
      await this.services.context.globalState.update(MARKS_ONLY_KEY, marksOnly === true);
      return null;
    });
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
  request(method: 'setMarksOnly', params: { marksOnly: boolean }): Promise<null>;
  request(method: 'recompute', params: { sessionId: string; controls: PanelControls }): Promise<CompressionResult>;
  request(method: 'action', params: { sessionId: string; action: PanelAction }): Promise<{ ok: boolean; message?: string }>;
  async request(
    method: 'ready' | 'recompute' | 'action' | 'setMarksOnly',
    params?: { sessionId?: string; controls?: PanelControls; action?: PanelAction; marksOnly?: boolean },
  ): Promise<unknown> {
    if (method === 'ready') return this.state();
    if (method === 'setMarksOnly') {
      await this.services.context.globalState.update(MARKS_ONLY_KEY, params?.marksOnly === true);
      return null;
    }
    if (method === 'recompute') return this.onRecompute(params!.sessionId!, params!.controls!, new AbortController().signal);
    return this.onAction(params!.sessionId!, params!.action!);
  }

  private show(session: PanelSession): void {
    this.recompute?.abort();
    this.session = session;
    this.sessionId = `s${++sessionCounter}-${Date.now()}`;
    this.panel.title = `Tersify: ${session.title}`;
    this.lastCanReplace = this.canReplace();
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
      marksOnly: this.services.context.globalState.get<boolean>(MARKS_ONLY_KEY, false),
    };
  }

  /** The target's document is open and its range holds the original (again, after an Undo). */
  private canReplace(): boolean {
    const s = this.session;
    const target = s?.target;
    if (!s || !target) return false;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    return doc !== undefined && !doc.isClosed && rangeHolds(doc, target.range, s.original);
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
        // Until a result is used, the entry follows what the view shows.
        if (!s.used) this.track(s);
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
    // The result for the controls the view shows is not there yet: acting now would use the previous one.
    if (this.recompute && action !== 'openDiff')
      return { ok: false, message: 'Still recomputing for the new settings; nothing was done. Try again when the result is shown.' };
    try {
      switch (action) {
        case 'copy':
          await vscode.env.clipboard.writeText(s.result.compressed);
          this.track(s, 'copied');
          return { ok: true, message: 'Copied.' };
        case 'openDocument': {
          const doc = await vscode.workspace.openTextDocument({ content: s.result.compressed, language: s.language ?? s.result.language });
          await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Active });
          this.track(s, 'opened');
          return { ok: true };
        }
        case 'openDiff':
          await openDiff(this.services.docs, s.title, s.original, s.result.compressed);
          return { ok: true };
        case 'replace': {
          const done = await this.replace(s);
          if (done.ok) this.track(s, 'replaced');
          return done;
        }
      }
    } catch (error) {
      void showError(error, action);
      return { ok: false, message: friendlyMessage(error) };
    }
    return { ok: false, message: `unknown action ${String(action)}` };
  }

  /**
   * Keeps the session's one history entry at the result shown (or, once used, the result used): it is revised,
   * never added twice. A reopened history entry (no entry of this session) is recorded when a result is used.
   */
  private track(s: PanelSession, used?: UsedAction): void {
    if (used) s.used = used;
    const input = {
      source: s.source ?? 'selection',
      title: s.title,
      original: s.original,
      result: s.result,
      controls: { ...s.controls },
      filename: s.filename,
      used,
    };
    const previous = s.recorded ?? Promise.resolve(undefined);
    s.recorded = previous.then(async (entry) => {
      const revised = entry ? await this.services.revise(entry.id, input) : undefined;
      if (revised || !used) return revised ?? entry;
      return this.services.record(input);
    });
  }

  /** Resolves when the history writes of the shown session are done (test hook). */
  async recorded(): Promise<HistoryEntry | undefined> {
    return this.session?.recorded;
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
    if (!rangeHolds(doc, target.range, s.original)) {
      const message = 'The document changed since it was compressed; nothing was replaced. Compress it again to replace.';
      void vscode.window.showWarningMessage(message);
      this.lastCanReplace = false;
      this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: false });
      return { ok: false, message };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target.uri, target.range, s.result.compressed);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) return { ok: false, message: 'VS Code refused the edit; nothing was replaced.' };
    // The target stays: after an Undo the range holds the original again and Replace is offered again.
    this.lastCanReplace = this.canReplace();
    this.endpoint.emit('canReplace', { sessionId: this.sessionId, canReplace: this.lastCanReplace });
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

/** The range exists in `doc` and its text is `text` (line ends normalised to the document's). */
function rangeHolds(doc: vscode.TextDocument, range: vscode.Range, text: string): boolean {
  return doc.validateRange(range).isEqual(range) && doc.getText(range) === text;
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
