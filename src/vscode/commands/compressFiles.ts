/** Tersify: Compress Files to Clipboard (explorer multi-selection): core compressFiles in the worker, one Markdown bundle. */
import * as vscode from 'vscode';
import type { FileInput } from '../../core/files';
import { bundleResult, bundleTitle, originalBundle, outcomes, skippedNote, uniqueSources, type Skipped } from '../../core/sources';
import { displayPath, readSource } from '../files/read';
import { log, showError, showInfo, showWarning } from '../log';
import { withDelayedProgress } from '../progress';
import { savingsText } from '../../core/savings';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import { defaultControls } from './compressSelection';
import { CompressionPanel } from '../panel/compressionPanel';

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
    void showInfo('Tersify: select one or more files in the Explorer first.');
    return;
  }
  const s = services.settings();
  const skipped: Skipped[] = [];
  try {
    const done = await withDelayedProgress(`Tersify: compressing ${uris.length} file${uris.length === 1 ? '' : 's'}…`, async (signal) => {
      const files: FileInput[] = [];
      for (const uri of uris) {
        if (signal.aborted) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        const path = displayPath(uri);
        const read = await readSource(uri, false);
        if ('skip' in read) skipped.push({ label: path, reason: read.skip });
        else files.push({ path, text: read.text });
      }
      const unique = uniqueSources(files);
      if (unique.length === 0) return undefined;
      // One shared budget split by size, each file with its own language: the engine's compressFiles.
      const result = await services.engine.compressFiles(unique, { ...toCompressOptions(s), signal });
      return { files: unique, result };
    });
    const failed = done ? outcomes(done.result).failed : [];
    skipped.push(...failed);
    if (skipped.length) log()?.warn(`skipped: ${skippedNote(skipped, 50)}`);
    if (!done || outcomes(done.result).done === 0) {
      void showWarning(`Tersify: nothing to compress.${skipped.length ? ` ${skippedNote(skipped)}` : ''}`);
      return;
    }
    const { files, result } = done;
    const kept = files.filter((f) => !failed.some((x) => x.label === f.path));
    await vscode.env.clipboard.writeText(result.text);
    const session = {
      title: bundleTitle(kept.map((f) => f.path)),
      original: originalBundle(kept),
      result: bundleResult(result, s.tokenizer),
      controls: defaultControls(s),
    };
    const recorded = services.record({ source: 'files', ...session, used: 'copied' });
    const note = skipped.length ? ` ${skippedNote(skipped, 3)}` : '';
    const SHOW = 'Show Result';
    // not awaited: the command is done when the text is on the clipboard; the button works while the toast lasts
    void showInfo(
      `Tersify: copied ${kept.length} file${kept.length === 1 ? '' : 's'}: ${savingsText(result.originalTokens, result.compressedTokens, s.pricePerMillionTokens)}.${note}`,
      SHOW,
    ).then((choice) => {
      if (choice === SHOW) CompressionPanel.createOrShow(services, { ...session, source: 'files', recorded, used: 'copied' });
    });
  } catch (error) {
    void showError(error, 'compress files');
  }
}
