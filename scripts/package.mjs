// npm run package [-- --target linux-x64 ...]: one VSIX per platform, each with only that platform's
// ONNX Runtime binaries. Stages a minimal tree (dist, grammars, default model, media, ORT) and runs
// `vsce package --target T --no-dependencies` in it. Prints each package's size.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// onnxruntime-node 1.30 ships no darwin-x64 binary: that package compresses code only (see README).
const TARGETS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'darwin-x64': null,
  'darwin-arm64': 'darwin/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
};
const args = process.argv.slice(2);
const wanted = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--target') wanted.push(args[++i]);
  else if (args[i].startsWith('--target=')) wanted.push(args[i].slice(9));
  else {
    console.error(`unknown argument ${args[i]}`);
    process.exit(2);
  }
}
const targets = wanted.length ? wanted : Object.keys(TARGETS);
for (const t of targets) {
  if (!(t in TARGETS)) {
    console.error(`unknown target ${t} (expected: ${Object.keys(TARGETS).join(', ')})`);
    process.exit(2);
  }
}
if (!existsSync(join(root, 'dist/extension.js'))) {
  console.error('dist/extension.js is missing: run npm run build first');
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outDir = join(root, 'dist-vsix');
mkdirSync(outDir, { recursive: true });
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');

function copy(from, to, filter) {
  const src = join(root, from);
  if (existsSync(src)) cpSync(src, to, { recursive: true, filter });
}

const results = [];
for (const target of targets) {
  const stage = join(root, '.cache/package', target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const manifest = { ...pkg, dependencies: {}, devDependencies: {}, scripts: {} };
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md']) copy(f, join(stage, f));
  copy('dist', join(stage, 'dist'), (p) => !p.endsWith('.map') && !p.includes('dist-vsix'));
  copy('grammars', join(stage, 'grammars'), (p) => !p.endsWith('README.md'));
  copy('models/tersify-small-en', join(stage, 'models/tersify-small-en'));
  copy('media', join(stage, 'media'));
  const ort = TARGETS[target];
  if (ort) {
    const ortRoot = join(stage, 'node_modules/onnxruntime-node');
    copy('node_modules/onnxruntime-node/package.json', join(ortRoot, 'package.json'));
    copy('node_modules/onnxruntime-node/dist', join(ortRoot, 'dist'), (p) => !p.endsWith('.map') && !p.endsWith('.d.ts'));
    copy(`node_modules/onnxruntime-node/bin/napi-v6/${ort}`, join(ortRoot, 'bin/napi-v6', ort));
    const common = join(stage, 'node_modules/onnxruntime-common');
    copy('node_modules/onnxruntime-common/package.json', join(common, 'package.json'));
    copy('node_modules/onnxruntime-common/dist/cjs', join(common, 'dist/cjs'), (p) => !p.endsWith('.map') && !p.endsWith('.d.ts'));
  }
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');
  const out = join(outDir, `tersify-${target}-${pkg.version}.vsix`);
  execFileSync(process.execPath, [vsce, 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const mb = statSync(out).size / 1048576;
  results.push({ target, file: out, mb: Number(mb.toFixed(1)), onnxRuntime: Boolean(ort) });
}
console.log('\npackage            size (MB)  ONNX Runtime');
for (const r of results) console.log(`${r.target.padEnd(18)} ${String(r.mb).padStart(8)}   ${r.onnxRuntime ? 'yes' : 'no (code only)'}`);
writeFileSync(join(outDir, 'sizes.json'), JSON.stringify(results, null, 2));
