/**
 * The extension's one door to the engine: every call goes through here and is logged once (a summary, or why
 * it failed; cancellations and token counts, which run on every selection change, only when they fail).
 * No vscode import, so it is tested directly.
 */
import type { Engine } from '../../core/engine';
import { isCancellation } from '../../core/protocol/rpc';
import type { CompressionResult } from '../../core/types';

export type EngineLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** "compressed 1,000 → 400 tokens (code, python) in 12 ms on cpu; notes: …" */
export function compressSummary(r: CompressionResult): string {
  return (
    `compressed ${r.originalTokens} → ${r.compressedTokens} tokens (${r.mode}${r.language ? `, ${r.language}` : ''}) in ${Math.round(r.ms)} ms` +
    (r.provider ? ` on ${r.provider}` : '') +
    (r.notes.length ? `; notes: ${r.notes.join('; ')}` : '')
  );
}

function failedNote(files: readonly { error?: string }[]): string {
  const n = files.filter((f) => f.error !== undefined).length;
  return n ? `; ${n} failed` : '';
}

export function loggingEngine(engine: Engine, log: EngineLog): Engine {
  async function logged<T>(what: string, run: () => Promise<T>, summary?: (result: T) => string): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      if (!isCancellation(error)) log('error', `${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw error;
    }
    if (summary) log('info', summary(result));
    return result;
  }
  return {
    compress: (input, options) => logged('compress', () => engine.compress(input, options), compressSummary),
    compressFiles: (files, options) =>
      logged(
        'compressFiles',
        () => engine.compressFiles(files, options),
        (r) => `compressFiles: ${r.summary}${failedNote(r.files)}`,
      ),
    packContext: (request) =>
      logged(
        'packContext',
        () => engine.packContext(request),
        (r) => `packContext: ${r.summary} (budget ${r.budget}${failedNote(r.files).replace(';', ',')})`,
      ),
    countTokens: (text, tokenizer, signal) => logged('countTokens', () => engine.countTokens(text, tokenizer, signal)),
    warmUp: (options) =>
      logged(
        'warmUp',
        () => engine.warmUp(options),
        (r) => `model loaded ahead of the first compression in ${Math.round(r.ms)} ms on ${r.provider}`,
      ),
  };
}
