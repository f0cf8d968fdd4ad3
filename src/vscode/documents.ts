/**
 * Read-only virtual documents (`tersify:` scheme) for the native diff editor and previews. A leaf module:
 * Services owns the store, the compression view and chat use it (kept out of panel/ so services.ts does not
 * import from a folder that imports services.ts).
 */
import * as vscode from 'vscode';

export const SCHEME = 'tersify';
const MAX_DOCS = 40;

export class TersifyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  /** Stores `content` and returns its URI; `name` (e.g. "app.ts (compressed)") is what the tab shows. */
  put(name: string, content: string): vscode.Uri {
    const safe = name.replace(/[\\/?#%]/g, '_') || 'text';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.counter}/${safe}` });
    this.docs.set(uri.toString(), content);
    while (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.docs.clear();
    this.changed.dispose();
  }
}

/** Opens the native diff editor: original on the left, compressed on the right. */
export async function openDiff(docs: TersifyDocuments, title: string, original: string, compressed: string): Promise<void> {
  const left = docs.put(`${title} (original)`, original);
  const right = docs.put(`${title} (compressed)`, compressed);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${title}: original ↔ compressed`, { preview: true });
}
