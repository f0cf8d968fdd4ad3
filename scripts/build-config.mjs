// The esbuild configurations of every bundle, in one place: scripts/build.mjs builds dist/ with them and the
// tests that bundle (the webview harness, the MCP spec test) use the very same options.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// web-tree-sitter locates itself through import.meta.url, which a CJS bundle lacks.
const importMetaShim = "const __tersifyImportMetaUrl = require('url').pathToFileURL(__filename).href;";

/** The Node bundles: source entry (relative to the repository root) → file name in dist/. */
export const nodeEntries = {
  cli: { in: 'src/cli/main.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
  extension: { in: 'src/vscode/extension.ts', out: 'extension.js' },
  worker: { in: 'src/core/worker/worker.ts', out: 'worker.js' },
  lib: { in: 'src/core/index.ts', out: 'lib.js' }, // the library for Node programs (not shipped in the VSIX)
};

/** The webviews: webview/<name>/main.ts → dist/webview/<name>.js. */
export const webviews = ['compression', 'inspector'];

/** esbuild options for one Node bundle (a key of nodeEntries) written into `outDir`. */
export function nodeConfig(name, outDir = join(root, 'dist')) {
  const e = nodeEntries[name];
  if (!e) throw new Error(`unknown bundle ${name} (expected: ${Object.keys(nodeEntries).join(', ')})`);
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'onnxruntime-node'],
    logLevel: 'warning',
    define: { 'import.meta.url': '__tersifyImportMetaUrl' },
    entryPoints: [join(root, e.in)],
    outfile: join(outDir, e.out),
    banner: { js: [e.banner, importMetaShim].filter(Boolean).join('\n') },
  };
}

/** esbuild options for one webview bundle written into `outDir` (dist/webview). */
export function webviewConfig(view, outDir = join(root, 'dist', 'webview')) {
  if (!webviews.includes(view)) throw new Error(`unknown webview ${view} (expected: ${webviews.join(', ')})`);
  return {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: true,
    entryPoints: [join(root, 'webview', view, 'main.ts')],
    outfile: join(outDir, `${view}.js`),
    logLevel: 'warning',
  };
}
