/** The HTML shell of both webviews: strict CSP with a crypto nonce, resources only through asWebviewUri. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewCsp } from './webviewCsp';

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Folders a webview may load from. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `name` is the bundle name: loads dist/webview/{name}.js and dist/webview/{base,name}.css.
 * The page itself holds no data (only a loading line, shown at once while the extension starts); everything
 * arrives through messages and is rendered with textContent.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: 'compression' | 'inspector', title: string): string {
  const nonce = makeNonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const csp = webviewCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${attr(asset('base.css'))}">
<link rel="stylesheet" nonce="${nonce}" href="${attr(asset(`${name}.css`))}">
<title>${attr(title)}</title>
</head>
<body data-testid="${name}-root">
<div id="app"><p class="loading" role="status" aria-busy="true" data-testid="loading">Loading ${attr(title)}…</p></div>
<script nonce="${nonce}" src="${attr(asset(`${name}.js`))}"></script>
</body>
</html>`;
}
