/** Runs engine work with a cancellable progress notification that only appears after ~300 ms. */
import * as vscode from 'vscode';

export const PROGRESS_DELAY_MS = 300;

/**
 * Calls `work` with an AbortSignal. If it has not finished after PROGRESS_DELAY_MS, a notification with a
 * Cancel button appears; cancelling aborts the signal (the worker request is cancelled).
 */
export async function withDelayedProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string, increment?: number) => void) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const onOuter = () => controller.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  let last: { message: string; increment?: number } | undefined;
  const report = (message: string, increment?: number) => {
    last = { message, increment };
    progress?.report(last);
  };
  const task = work(controller.signal, report);
  let finished = false;
  const done = task.then(
    () => undefined,
    () => undefined,
  );
  const timer = setTimeout(() => {
    if (finished) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (p, token) => {
      progress = p;
      if (last) p.report(last);
      token.onCancellationRequested(() => controller.abort());
      await done;
    });
  }, PROGRESS_DELAY_MS);
  try {
    return await task;
  } finally {
    finished = true;
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}
