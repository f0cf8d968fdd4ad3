/** Tersify: Compress Files to Clipboard (explorer multi-selection): core compressFiles in the worker, one Markdown bundle. */
import * as vscode from 'vscode';
import type { FileInput } from '../../core/files';
import { bundleResult, bundleTitle, originalBundle, outcomes, skippedNote, uniqueSources, type Skipped } from '../../core/sources';
import { displayPath, readSource } from '../files/read';
import { gitignoreGlobs } from '../files/gitignore';
import { log, showError, showInfo, showWarning } from '../log';
import { withDelayedProgress } from '../progress';
import { savingsText } from '../../core/savings';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import { defaultControls } from './compressSelection';
import { CompressionPanel } from '../panel/compressionPanel';

/** Files read from one folder at most (the rest are named in the notification). */
export const MAX_FOLDER_FILES = 200;

interface Expanded {
  files: vscode.Uri[];
  /** Files in the folders that .gitignore excludes. */
  ignored: number;
  /** Files beyond MAX_FOLDER_FILES. */
  limited: number;
}

/** The glob patterns of `files.exclude` that are on (conditional ones are left to VS Code). */
function filesExclude(scope: vscode.Uri): string[] {
  const map = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(map)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** Folders become their files: files.exclude and .gitignore (the folder's, its ancestors' in the workspace, nested ones) respected. */
export async function expandFolders(uris: readonly vscode.Uri[]): Promise<Expanded> {
  const out: Expanded = { files: [], ignored: 0, limited: 0 };
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    if (!stat || !(stat.type & vscode.FileType.Directory)) {
      out.files.push(uri);
      continue;
    }
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? uri;
    const rel = (u: vscode.Uri) => u.path.slice(root.path.length).replace(/^\/+/, '');
    const ignoreFiles: vscode.Uri[] = [];
    for (let dir = uri; dir.path.startsWith(root.path) && dir.path.length >= root.path.length; dir = vscode.Uri.joinPath(dir, '..')) {
      ignoreFiles.push(vscode.Uri.joinPath(dir, '.gitignore'));
      if (dir.path === root.path) break;
    }
    ignoreFiles.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/.gitignore'), null, 100)));
    const globs = filesExclude(uri);
    for (const file of new Map(ignoreFiles.map((f) => [f.toString(), f])).values()) {
      const text = await vscode.workspace.fs.readFile(file).then(
        (b) => new TextDecoder().decode(b),
        () => undefined,
      );
      if (text !== undefined) globs.push(...gitignoreGlobs(text, rel(vscode.Uri.joinPath(file, '..'))).globs);
    }
    // findFiles applies the exclude relative to the include's folder: rebase the workspace-relative globs onto it
    const here = rel(uri);
    const rebased = globs.flatMap((g) => {
      if (!here) return [g];
      if (g.startsWith(`${here}/`)) return [g.slice(here.length + 1)];
      const m = /^(.*?)\*\*\/(.*)$/.exec(g);
      return m && (m[1] === '' || `${here}/`.startsWith(m[1])) ? [`**/${m[2]}`] : [];
    });
    const include = new vscode.RelativePattern(uri, '**/*');
    const exclude = rebased.length ? `{${rebased.join(',')}}` : null;
    const found = await vscode.workspace.findFiles(include, exclude, MAX_FOLDER_FILES + 1000);
    const all = await vscode.workspace.findFiles(include, undefined, MAX_FOLDER_FILES + 1000);
    found.sort((a, b) => a.path.localeCompare(b.path));
    out.ignored += Math.max(0, all.length - found.length);
    out.limited += Math.max(0, found.length - MAX_FOLDER_FILES);
    out.files.push(...found.slice(0, MAX_FOLDER_FILES));
  }
  return out;
}

/** The URIs a command got from the explorer: (clicked, allSelected) or a single URI; else the active editor's file. */
export function targetUris(clicked: unknown, all: unknown): vscode.Uri[] {
  if (Array.isArray(all) && all.length > 0 && all.every((u) => u instanceof vscode.Uri)) return all as vscode.Uri[];
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && active.scheme !== 'untitled' ? [active] : [];
}

export async function compressFilesToClipboard(services: Services, clicked?: unknown, all?: unknown): Promise<void> {
  const targets = targetUris(clicked, all);
  if (targets.length === 0) {
    void showInfo('Tersify: select one or more files in the Explorer first.');
    return;
  }
  const s = services.settings();
  const skipped: Skipped[] = [];
  try {
    const { files: uris, ignored, limited } = await expandFolders(targets);
    const folderNote = [
      ignored ? `${ignored} file${ignored === 1 ? '' : 's'} ignored by .gitignore.` : '',
      limited ? `${limited} more not read (at most ${MAX_FOLDER_FILES} files per folder).` : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (uris.length === 0) {
      void showInfo(`Tersify: the folder has no files to compress.${folderNote ? ` ${folderNote}` : ''}`);
      return;
    }
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
      void showWarning(`Tersify: nothing to compress.${skipped.length ? ` ${skippedNote(skipped)}` : ''}${folderNote ? ` ${folderNote}` : ''}`);
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
    const note = (skipped.length ? ` ${skippedNote(skipped, 3)}` : '') + (folderNote ? ` ${folderNote}` : '');
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
