// Bundles the extension, the worker, the CLI and the webview code into dist/, and copies the grammars.
// The esbuild options live in scripts/build-config.mjs (the tests bundle with the same ones).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { nodeConfig, nodeEntries, root, webviewConfig, webviews } from './build-config.mjs';

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

execFileSync(process.execPath, [join(root, 'scripts/copy-grammars.mjs')], { stdio: 'inherit' });

const jobs = [...Object.keys(nodeEntries).map((name) => build(nodeConfig(name))), ...webviews.map((view) => build(webviewConfig(view)))];
await Promise.all(jobs);

// Stylesheets travel as they are.
function copyCss(dir, rel = '') {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.isDirectory()) copyCss(join(dir, ent.name), join(rel, ent.name));
    else if (ent.name.endsWith('.css')) {
      mkdirSync(join(dist, 'webview', rel), { recursive: true });
      cpSync(join(dir, ent.name), join(dist, 'webview', rel, ent.name));
    }
  }
}
copyCss(join(root, 'webview'));
console.log(`built ${jobs.length} bundles into dist/`);
