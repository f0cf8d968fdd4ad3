/** The "Tersify" output channel and friendly error notifications with a "Show Log" action. */
import * as vscode from 'vscode';
import { isCancellation } from '../core/protocol/rpc';

let channel: vscode.LogOutputChannel | undefined;

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
  channel?.error(`${context ? `${context}: ` : ''}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const choice = await vscode.window.showErrorMessage(text, SHOW_LOG);
  if (choice === SHOW_LOG) channel?.show(true);
}

export async function showWarning(text: string): Promise<void> {
  channel?.warn(text);
  const choice = await vscode.window.showWarningMessage(text, SHOW_LOG);
  if (choice === SHOW_LOG) channel?.show(true);
}
