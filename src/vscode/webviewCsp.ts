/**
 * The webviews' Content-Security-Policy, in one place (webviewHtml.ts and the webview tests' harness use it).
 * No vscode import. Nothing loads but our nonce'd script and styles; no base URL, no form targets.
 */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
