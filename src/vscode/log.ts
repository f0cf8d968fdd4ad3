/** The "Tersify" output channel and friendly error notifications with a "Show Log" action. */
import * as vscode from 'vscode';
import { isCancellation } from '../core/protocol/rpc';

let channel: vscode.LogOutputChannel | undefined;

/** What Tersify put in front of the user (a message or a quick pick), for the integration suite (TersifyApi.onDidShow). */
export interface Shown {
  kind: 'info' | 'warning' | 'error' | 'quickPick';
  text: string;
  items?: { label: string; description?: string; detail?: string }[];
}
const shown = new vscode.EventEmitter<Shown>();
export const onDidShow = shown.event;

/** vscode.window.showInformationMessage, observable through onDidShow. */
export function showInfo<T extends string>(text: string, ...items: T[]): Thenable<T | undefined> {
  shown.fire({ kind: 'info', text, items: items.map((label) => ({ label })) });
  return vscode.window.showInformationMessage(text, ...items);
}

/** vscode.window.showQuickPick, observable through onDidShow (the items offered). */
export function showQuickPick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
  shown.fire({ kind: 'quickPick', text: options.title ?? '', items: items.map(({ label, description, detail }) => ({ label, description, detail })) });
  return vscode.window.showQuickPick(items, options);
}

export function initLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('Tersify', { log: true });
  context.subscriptions.push(channel);
  return channel;
}

export function log(): vscode.LogOutputChannel | undefined {
  return channel;
}

const SHOW_LOG = 'Show Log';

/** User-facing text for an error from the engine, the worker or the extension. */
export function friendlyMessage(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'binary':
      return 'Tersify compresses text and source code only; this looks like binary data.';
    case 'too-large':
      return `The input is too large to compress: ${message}`;
    case 'model':
      return `The compression model could not be loaded: ${message}. Run "Tersify: Select Model" to choose another one.`;
    case 'usage':
      return `Tersify: ${message}`;
    default:
      return `Tersify failed: ${message}`;
  }
}

/** Logs the error and shows it (cancellations are silent). */
export async function showError(error: unknown, context?: string): Promise<void> {
  if (isCancellation(error)) {
    channel?.info(`${context ?? 'operation'} cancelled`);
    return;
  }
  const text = friendlyMessage(error);
  shown.fire({ kind: 'error', text });
  channel?.error(`${context ? `${context}: ` : ''}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const choice = await vscode.window.showErrorMessage(text, SHOW_LOG);
  if (choice === SHOW_LOG) channel?.show(true);
}

export async function showWarning(text: string): Promise<void> {
  channel?.warn(text);
  shown.fire({ kind: 'warning', text });
  const choice = await vscode.window.showWarningMessage(text, SHOW_LOG);
  if (choice === SHOW_LOG) channel?.show(true);
}
