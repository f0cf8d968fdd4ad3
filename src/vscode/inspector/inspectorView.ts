/** The savings inspector: a webview view in Tersify's activity-bar container. */
import * as vscode from 'vscode';
import type { InspectorHostMethods, InspectorWebviewEvents } from '../protocol/inspector';
import { RpcEndpoint, type NoEvents } from '../../core/protocol/rpc';
import { toCsv } from '../history/csv';
import { log, showError, showInfo } from '../log';
import type { Services } from '../services';
import { webviewHtml, webviewRoots } from '../webviewHtml';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where exports go by default: the Downloads folder when there is one, else the home folder (not the workspace). */
export function exportFolder(home = homedir()): string {
  const downloads = join(home, 'Downloads');
  return existsSync(downloads) ? downloads : home;
}

type HostEndpoint = RpcEndpoint<NoEvents, InspectorHostMethods, InspectorWebviewEvents>;

export class InspectorViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private endpoint: HostEndpoint | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    /** Reopens a history entry in the compression view. */
    private readonly openEntry: (id: string) => Promise<{ ok: boolean; message?: string }>,
  ) {
    this.disposables.push(services.onDidChangeHistory(() => void this.push()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const d of this.viewDisposables) d.dispose();
    this.view = view;
    const extensionUri = this.services.context.extensionUri;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
    const endpoint: HostEndpoint = new RpcEndpoint((message) => void view.webview.postMessage(message));
    this.endpoint = endpoint;
    endpoint.handle('ready', async () => (await this.services.historyStore()).snapshot());
    endpoint.handle('open', ({ id }) => this.openEntry(id));
    endpoint.handle('exportCsv', () => this.exportCsv());
    endpoint.handle('clear', () => this.clear());
    this.viewDisposables = [
      view.webview.onDidReceiveMessage((message) => endpoint.receive(message)),
      view.onDidChangeVisibility(() => {
        if (view.visible) void this.push();
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.endpoint = undefined;
        }
      }),
    ];
    view.webview.html = webviewHtml(view.webview, extensionUri, 'inspector', 'Tersify Savings');
  }

  /** Sends the current totals and history to the view, if it is visible. */
  async push(): Promise<void> {
    if (!this.view?.visible || !this.endpoint) return;
    const store = await this.services.historyStore();
    this.endpoint.emit('update', store.snapshot());
  }

  /** Command entry points (view title buttons). */
  runExport(): Promise<{ ok: boolean; path?: string }> {
    return this.exportCsv();
  }

  runClear(): Promise<{ ok: boolean }> {
    return this.clear();
  }

  private async exportCsv(): Promise<{ ok: boolean; path?: string }> {
    const store = await this.services.historyStore();
    const defaultUri = vscode.Uri.file(join(exportFolder(), `tersify-history-${new Date().toISOString().slice(0, 10)}.csv`));
    const uri = await vscode.window.showSaveDialog({ defaultUri, filters: { CSV: ['csv'] }, saveLabel: 'Export', title: 'Export Tersify history as CSV' });
    if (!uri) return { ok: false };
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toCsv(store.list())));
      log()?.info(`history exported to ${uri.toString()}`);
      const OPEN = 'Open File';
      const REVEAL = 'Reveal in File Manager';
      void showInfo(`Tersify history exported to ${uri.fsPath || uri.toString()}.`, OPEN, ...(uri.scheme === 'file' ? [REVEAL] : [])).then((choice) => {
        if (choice === OPEN) void vscode.window.showTextDocument(uri, { preview: false });
        if (choice === REVEAL) void vscode.commands.executeCommand('revealFileInOS', uri);
      });
      return { ok: true, path: uri.fsPath };
    } catch (error) {
      void showError(error, 'export history');
      return { ok: false };
    }
  }

  private async clear(): Promise<{ ok: boolean }> {
    const HISTORY = 'Clear History';
    const ALL = 'Clear History and Totals';
    const choice = await vscode.window.showWarningMessage(
      'Clear the Tersify history?',
      { modal: true, detail: '"Clear History" keeps the all-time totals; "Clear History and Totals" resets everything. This cannot be undone.' },
      HISTORY,
      ALL,
    );
    if (!choice) return { ok: false };
    const store = await this.services.historyStore();
    await store.clear({ totals: choice === ALL });
    this.services.notifyHistoryChanged();
    return { ok: true };
  }

  dispose(): void {
    for (const d of [...this.viewDisposables, ...this.disposables]) d.dispose();
    this.viewDisposables = [];
  }
}
