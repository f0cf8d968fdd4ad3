/** Reading context sources through VS Code (workspace.fs, open editors); the rules live in sources.ts. */
import * as vscode from 'vscode';
import { checkText, decodeSource, sizeProblem, type Decoded } from './sources';

/** The open document for `uri`, if any (its text includes unsaved edits). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** A file's text (an open document's current text, else the file on disk), or why it is skipped. */
export async function readSource(uri: vscode.Uri): Promise<Decoded> {
  const doc = openDocument(uri);
  if (doc && !doc.isClosed) return checkText(doc.getText());
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (st.type & vscode.FileType.Directory) return { skip: 'folder' };
    const big = sizeProblem(st.size);
    if (big) return { skip: big };
    return decodeSource(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { skip: code === 'FileNotFound' || code === 'ENOENT' ? 'not found' : (error as Error).message };
  }
}

/** Workspace-relative path for headers ("src/a.ts"; the folder name is prefixed in multi-root workspaces). */
export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
