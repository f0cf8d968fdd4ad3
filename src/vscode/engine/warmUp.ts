/**
 * Loads the prose model in the background when the user first selects text, so that the first compression does
 * not wait for the worker, ONNX Runtime and the model (seconds on a slow machine). Nothing loads before that: a
 * window where nobody selects text pays nothing. Re-armed when the model settings change (the models are released).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { warmUpOptions } from '../settingsCore';

export class ModelWarmUp implements vscode.Disposable {
  private armed = true;
  private readonly listener: vscode.Disposable;
  /** The latest warm-up, once one has started. */
  last: Promise<{ provider: string; ms: number } | undefined> | undefined;

  constructor(private readonly services: Services) {
    this.listener = vscode.window.onDidChangeTextEditorSelection((e) => {
      if (this.armed && e.selections.some((s) => !s.isEmpty)) this.run();
    });
  }

  /** Warm up again on the next selection (after the loaded models were released). */
  rearm(): void {
    this.armed = true;
  }

  private run(): void {
    this.armed = false;
    // A failure is logged by the engine door; the user's own compression reports it where they look.
    this.last = this.services.engine.warmUp(warmUpOptions(this.services.settings())).catch(() => undefined);
  }

  dispose(): void {
    this.listener.dispose();
  }
}
