// Bundles the extension, the worker, the CLI and the webview code into dist/, and copies the grammars.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

execFileSync(process.execPath, [join(root, 'scripts/copy-grammars.mjs')], { stdio: 'inherit' });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
  // web-tree-sitter locates itself through import.meta.url, which a CJS bundle lacks.
  define: { 'import.meta.url': '__tersifyImportMetaUrl' },
};
const importMetaShim = "const __tersifyImportMetaUrl = require('url').pathToFileURL(__filename).href;";
const entries = [
  { in: 'src/cli/main.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/vscode/extension.ts', out: 'extension.js' },
  { in: 'src/core/worker/worker.ts', out: 'worker.js' },
  { in: 'src/core/index.ts', out: 'lib.js' }, // the library for Node programs (not shipped in the VSIX)
];
const jobs = [];
for (const e of entries) {
  if (!existsSync(join(root, e.in))) continue; // front ends land in later issues
  jobs.push(
    build({
      ...node,
      entryPoints: [join(root, e.in)],
      outfile: join(dist, e.out),
      banner: { js: [e.banner, importMetaShim].filter(Boolean).join('\n') },
    }),
  );
}
for (const view of ['compression', 'inspector']) {
  const entry = join(root, 'webview', view, 'main.ts');
  if (!existsSync(entry)) continue;
  jobs.push(
    build({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: true,
      entryPoints: [entry],
      outfile: join(dist, 'webview', `${view}.js`),
      logLevel: 'warning',
    }),
  );
}
await Promise.all(jobs);

// Stylesheets travel as they are.
function copyCss(dir, rel = '') {
  if (!existsSync(dir)) return;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.isDirectory()) copyCss(join(dir, ent.name), join(rel, ent.name));
    else if (ent.name.endsWith('.css')) {
      mkdirSync(join(dist, 'webview', rel), { recursive: true });
      cpSync(join(dir, ent.name), join(dist, 'webview', rel, ent.name));
    }
  }
}
copyCss(join(root, 'webview'));
if (watch) console.log('watch mode is not supported; rerun npm run build');
console.log(`built ${jobs.length} bundles into dist/`);
