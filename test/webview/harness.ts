/**
 * Runs a webview bundle (built from webview/<view>/main.ts with scripts/build-config.mjs, like npm run build) in headless
 * Chromium, behind the same strict CSP as in VS Code, with a stub of acquireVsCodeApi that plays the host.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { webviewConfig } from '../../scripts/build-config.mjs';
import { requireChromium } from '../helpers';
import { webviewCsp } from '../../src/vscode/webviewCsp';

export const root = join(__dirname, '..', '..');

export async function bundle(view: 'compression' | 'inspector'): Promise<string> {
  const config = webviewConfig(view);
  const out = await build({ ...config, write: false, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path === config.outfile);
  if (!js) throw new Error(`esbuild wrote no ${config.outfile}`);
  return js.text;
}

const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';

/** Serves the page as VS Code would: the extension's CSP (webviewCsp), nonce'd script and styles, no inline anything. */
export async function serve(view: 'compression' | 'inspector'): Promise<{ url: string; close(): Promise<void> }> {
  const js = await bundle(view);
  const css = (name: string) => readFileSync(join(root, 'webview', name), 'utf8');
  const csp = webviewCsp("'self'", NONCE);
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${NONCE}" href="/base.css"><link rel="stylesheet" nonce="${NONCE}" href="/${view}.css">
</head><body class="vscode-dark" data-testid="${view}-root"><div id="app"></div><script nonce="${NONCE}" src="/${view}.js"></script></body></html>`;
  const files: Record<string, [string, string]> = {
    '/index.html': ['text/html', html],
    [`/${view}.js`]: ['text/javascript', js],
    '/base.css': ['text/css', css('base.css')],
    [`/${view}.css`]: ['text/css', css(`${view}.css`)],
  };
  const server: Server = createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (!f) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': f[0] });
    res.end(f[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/index.html`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Installed before the page's script: a fake acquireVsCodeApi. Requests from the webview are recorded in
 * window.__requests; window.__answers[method] (a value, or 'manual') answers them; window.__reply(id, result)
 * answers manually; window.__emit(type, payload) sends a host event. CSP violations go to window.__violations.
 */
export function hostStub(): string {
  return `
    window.__requests = []; window.__answers = {}; window.__violations = []; window.__state = undefined;
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    const deliver = (m) => window.postMessage(m, '*');
    window.__reply = (id, result) => deliver({ kind: 'response', id, ok: true, result });
    window.__fail = (id, message, code) => deliver({ kind: 'response', id, ok: false, error: { name: 'Error', message, code } });
    window.__emit = (type, payload) => deliver({ kind: 'event', type, payload });
    window.acquireVsCodeApi = () => ({
      postMessage(m) {
        m = JSON.parse(JSON.stringify(m));
        if (m.kind === 'request') {
          window.__requests.push(m);
          const a = window.__answers[m.method];
          if (a !== undefined && a !== 'manual') setTimeout(() => window.__reply(m.id, a), 0);
        } else if (m.kind === 'cancel') {
          window.__requests.push(m);
        }
      },
      getState() { return window.__state; },
      setState(s) { window.__state = s; },
    });
  `;
}

/** Headless Chromium (TERSIFY_CHROMIUM); fails with a message naming the variable when it is missing. */
export async function launch() {
  const executablePath = requireChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
