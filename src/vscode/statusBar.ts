/** Status bar: target-tokenizer token count of the selection (or document) and the estimated compressed count. */
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import { log } from './log';
import { affectsTersify } from './settings';
import { fmtInt } from '../core/savings';
import type { Services } from './services';

/** Documents longer than this (characters) get no live count. */
export const STATUS_MAX_CHARS = 1_000_000;
const DEBOUNCE_MS = 300;

export class TokenStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: AbortController | undefined;
  private generation = 0;
  private visible = false;

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem('tersify.tokens', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Tersify Token Count';
    this.item.command = COMMANDS.compressSelection;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsTersify(e)) this.schedule(0);
      }),
    );
    this.schedule(0);
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    this.inflight?.abort();
    const generation = ++this.generation;
    const s = this.services.settings();
    const editor = vscode.window.activeTextEditor;
    if (!s.statusBarEnabled || !editor) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const { document, selections } = editor;
    const selected = selections.filter((sel) => !sel.isEmpty);
    const scope = selected.length ? 'selection' : 'document';
    const length = selected.length ? selected.reduce((a, sel) => a + document.offsetAt(sel.end) - document.offsetAt(sel.start), 0) : document.getText().length;
    this.item.show();
    this.visible = true;
    if (length > STATUS_MAX_CHARS) {
      this.item.text = '$(fold) Tersify';
      this.item.tooltip = `The ${scope} is too large for a live token count (over ${fmtInt(STATUS_MAX_CHARS)} characters). Click to compress.`;
      return;
    }
    const text = selected.length ? selected.map((sel) => document.getText(sel)).join('\n') : document.getText();
    const controller = new AbortController();
    this.inflight = controller;
    try {
      const tokens = await this.services.engine.countTokens(text, s.tokenizer, controller.signal);
      if (generation !== this.generation) return;
      const estimate = Math.round(tokens * s.rate);
      this.item.text = `$(fold) ${fmtInt(tokens)} → ~${fmtInt(estimate)}`;
      const tip = new vscode.MarkdownString(undefined, true);
      tip.appendText(
        `Tersify: the ${scope} is ${fmtInt(tokens)} tokens (${s.tokenizer}); at rate ${s.rate} it compresses to about ${fmtInt(estimate)}.\n\nClick to compress the ${scope}.`,
      );
      this.item.tooltip = tip;
      this.item.accessibilityInformation = { label: `Tersify: ${fmtInt(tokens)} tokens, about ${fmtInt(estimate)} after compression. Click to compress.` };
    } catch (error) {
      if (generation !== this.generation || (error as { code?: string }).code === 'cancelled') return;
      log()?.warn(`token count failed: ${(error as Error).message}`);
      this.item.text = '$(fold) Tersify';
      this.item.tooltip = 'Tersify: token count unavailable (see the Tersify log). Click to compress.';
    } finally {
      if (this.inflight === controller) this.inflight = undefined;
    }
  }

  /** What the item shows now (test hook: the integration suite reads it through TersifyApi.statusBar). */
  snapshot(): { text: string; tooltip: string; visible: boolean } {
    const tip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tip === 'string' ? tip : (tip?.value ?? ''), visible: this.visible };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.inflight?.abort();
    for (const d of this.disposables) d.dispose();
  }
}
