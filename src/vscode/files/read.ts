/**
 * Reading sources through VS Code. The rules are core/sources: local files (file: URIs) are read by it; paths an
 * agent names (the #tersify tool) are confined to the workspace folders by their real paths, files the user picked
 * (explorer, chat references) are not; open documents (unsaved edits) and other schemes (workspace.fs) get the
 * same text checks and limit.
 */
import * as vscode from 'vscode';
import {
  checkText,
  decodeSource,
  FOLDER_NOT_FILE,
  readConfinedFile,
  readLocalFile,
  resolveSourcePath,
  sizeProblem,
  workspaceRoots,
  type Decoded,
  type SourceRead,
  type SourceRoots,
} from '../../core/sources';

/** The open document for `uri`, if any (its text includes unsaved edits). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
}

/** The workspace folders as the roots of the source rules. */
export function sourceRoots(): SourceRoots {
  return workspaceRoots((vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, fsPath: f.uri.fsPath })));
}

/**
 * A source's text (an open document's current text, else the file), or why it is skipped. `confined`: the path
 * came from an agent, so it must lie inside the workspace folders.
 */
export async function readSource(uri: vscode.Uri, confined: boolean): Promise<Decoded> {
  const doc = openDocument(uri);
  if (uri.scheme === 'file' && !confined) return readLocalFile(uri.fsPath, { openText: () => doc?.getText() });
  if (uri.scheme === 'file') {
    const roots = sourceRoots();
    const where = resolveSourcePath(uri.fsPath, roots);
    if ('refused' in where) return { skip: where.refused };
    return readConfinedFile(where.fsPath, roots, { openText: () => doc?.getText() });
  }
  if (doc) return checkText(doc.getText());
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (st.type & vscode.FileType.Directory) return { skip: FOLDER_NOT_FILE };
    const big = sizeProblem(st.size);
    if (big) return { skip: big };
    return decodeSource(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { skip: code === 'FileNotFound' || code === 'ENOENT' ? 'not found' : (error as Error).message };
  }
}

/**
 * A path the model or a user typed ("src/a.ts", "folderName/src/a.ts", absolute, file URI) → a source labelled
 * by its workspace path, or why it is refused.
 */
export async function readWorkspacePath(raw: string): Promise<SourceRead> {
  const roots = sourceRoots();
  const where = resolveSourcePath(raw, roots);
  if ('refused' in where) return { skipped: { label: raw, reason: where.refused } };
  const folder = vscode.workspace.workspaceFolders![where.root];
  const read = await readSource(vscode.Uri.joinPath(folder.uri, ...where.segments), true);
  return 'skip' in read ? { skipped: { label: where.display, reason: read.skip } } : { source: { path: where.display, text: read.text } };
}

/** Workspace path for headers ("src/a.ts"; "folderName/src/a.ts" in a multi-root workspace). */
export function displayPath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  if (uri.scheme === 'file') {
    const where = resolveSourcePath(uri.fsPath, sourceRoots());
    if (!('refused' in where)) return where.display;
  }
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
