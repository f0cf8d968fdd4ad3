/** Tersify: Compress Files to Clipboard (explorer multi-selection): one shared budget, one Markdown bundle. */
import * as vscode from 'vscode';
import { looksBinary } from '../../core/input';
import { allocateBudget, fenceTag, formatBundle, MAX_FILE_BYTES, type BundledFile } from '../files/bundle';
import { log, showError, showWarning } from '../log';
import { withDelayedProgress } from '../progress';
import { savingsText, type Services } from '../services';
import { toCompressOptions } from '../settings';
import { defaultControls } from './compressSelection';
import type { CompressionResult } from '../../core/types';

interface LoadedFile {
  uri: vscode.Uri;
  path: string;
  text: string;
  tokens: number;
}

/** The URIs a command got from the explorer: (clicked, allSelected) or a single URI; else the active editor's file. */
export function targetUris(clicked: unknown, all: unknown): vscode.Uri[] {
  if (Array.isArray(all) && all.length > 0 && all.every((u) => u instanceof vscode.Uri)) return all as vscode.Uri[];
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && active.scheme !== 'untitled' ? [active] : [];
}

export async function compressFilesToClipboard(services: Services, clicked?: unknown, all?: unknown): Promise<void> {
  const uris = targetUris(clicked, all);
  if (uris.length === 0) {
    void vscode.window.showInformationMessage('Tersify: select one or more files in the Explorer first.');
    return;
  }
  const s = services.settings();
  const skipped: string[] = [];
  try {
    const result = await withDelayedProgress(`Tersify: compressing ${uris.length} file${uris.length === 1 ? '' : 's'}…`, async (signal, report) => {
      const files: LoadedFile[] = [];
      for (const uri of uris) {
        if (signal.aborted) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        const path = vscode.workspace.asRelativePath(uri, false);
        try {
          const st = await vscode.workspace.fs.stat(uri);
          if (st.type & vscode.FileType.Directory) {
            skipped.push(`${path} (folder)`);
            continue;
          }
          if (st.size > MAX_FILE_BYTES) {
            skipped.push(`${path} (larger than ${MAX_FILE_BYTES / 1048576} MB)`);
            continue;
          }
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (looksBinary(bytes)) {
            skipped.push(`${path} (binary)`);
            continue;
          }
          let text = new TextDecoder('utf-8').decode(bytes);
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          if (text.trim().length === 0) {
            skipped.push(`${path} (empty)`);
            continue;
          }
          files.push({ uri, path, text, tokens: await services.engine.countTokens(text, s.tokenizer, signal) });
        } catch (error) {
          if ((error as { code?: string }).code === 'cancelled') throw error;
          skipped.push(`${path} (${(error as Error).message})`);
        }
      }
      if (files.length === 0) return undefined;
      const totalTokens = files.reduce((a, f) => a + f.tokens, 0);
      const budgets = allocateBudget(
        files.map((f) => f.tokens),
        Math.round(totalTokens * s.rate),
      );
      const bundled: BundledFile[] = [];
      const results: CompressionResult[] = [];
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        report(`${i + 1}/${files.length}: ${f.path}`, 100 / files.length);
        const options = toCompressOptions(s, { filename: f.uri.fsPath || f.uri.path, targetTokens: Math.max(1, budgets[i]) });
        const r = await services.compress(f.text, { ...options, signal });
        results.push(r);
        bundled.push({ path: f.path, language: fenceTag(r.language), text: r.compressed });
      }
      const original = formatBundle(files.map((f, i) => ({ path: f.path, language: fenceTag(results[i].language), text: f.text })));
      const compressed = formatBundle(bundled);
      return { files, results, original, compressed };
    });
    if (skipped.length) log()?.warn(`skipped: ${skipped.join(', ')}`);
    if (!result) {
      void showWarning(`Tersify: nothing to compress${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}.`);
      return;
    }
    await vscode.env.clipboard.writeText(result.compressed);
    const originalTokens = result.results.reduce((a, r) => a + r.originalTokens, 0);
    const compressedTokens = result.results.reduce((a, r) => a + r.compressedTokens, 0);
    const ms = result.results.reduce((a, r) => a + r.ms, 0);
    const title = result.files.length === 1 ? result.files[0].path : `${result.files.length} files`;
    void services.record({
      source: 'files',
      title,
      original: result.original,
      result: {
        ...result.results[0],
        compressed: result.compressed,
        originalTokens,
        compressedTokens,
        ms,
        mode: result.results.every((r) => r.mode === result.results[0].mode) ? result.results[0].mode : 'mixed',
        language: result.results.length === 1 ? result.results[0].language : undefined,
        spans: [],
        segments: [],
      },
      controls: defaultControls(s),
    });
    const skippedText = skipped.length ? ` Skipped ${skipped.length}: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', …' : ''}.` : '';
    void vscode.window.showInformationMessage(
      `Tersify: copied ${result.files.length} file${result.files.length === 1 ? '' : 's'}: ${savingsText(originalTokens, compressedTokens, s.pricePerMillionTokens)}.${skippedText}`,
    );
  } catch (error) {
    void showError(error, 'compress files');
  }
}
