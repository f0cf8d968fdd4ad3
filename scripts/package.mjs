// npm run package [-- --target linux-x64 ...]: one VSIX per platform, each with only that platform's
// ONNX Runtime binaries. Stages a minimal tree (dist, grammars, default model, media, ORT) and runs
// `vsce package --target T` in it. Prints each package's size and writes dist-vsix/sizes.json.
// Note: `vsce --no-dependencies` drops node_modules/ entirely, so the staged manifest declares
// onnxruntime-node (trimmed to its runtime files, its only runtime dependency onnxruntime-common) and
// vsce collects exactly those two folders through `npm list --production`.
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
  if (!existsSync(src)) throw new Error(`${from} is missing: it belongs in the package`);
  cpSync(src, to, { recursive: true, filter });
}

const results = [];
for (const target of targets) {
  const stage = join(root, '.cache/package', target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const ort = TARGETS[target];
  const ortPkg = JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8'));
  const commonPkg = JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-common/package.json'), 'utf8'));
  const manifest = { ...pkg, dependencies: ort ? { 'onnxruntime-node': ortPkg.version } : {}, devDependencies: {}, scripts: {} };
  delete manifest.bin; // the CLI ships through npm, not inside the VSIX manifest
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  // The Extensions view shows the user README (the repository README is for developers).
  copy('media/extension-readme.md', join(stage, 'README.md'));
  for (const f of ['LICENSE', 'CHANGELOG.md']) copy(f, join(stage, f));
  copy('dist', join(stage, 'dist'), (p) => !p.endsWith('.map') && !p.includes('dist-vsix') && !p.endsWith('lib.js'));
  copy('grammars', join(stage, 'grammars'), (p) => !p.endsWith('README.md'));
  copy('models/tersify-small-en', join(stage, 'models/tersify-small-en'));
  copy('media', join(stage, 'media'));
  if (ort) {
    // Runtime files only: no install script (it downloads CUDA/other binaries), no dev/optional deps. The npm
    // packages ship no LICENSE file; their package.json keeps the license field (MIT).
    const trim = (p) => ({ name: p.name, version: p.version, license: p.license, main: p.main, exports: p.exports });
    const ortRoot = join(stage, 'node_modules/onnxruntime-node');
    mkdirSync(ortRoot, { recursive: true });
    writeFileSync(join(ortRoot, 'package.json'), JSON.stringify({ ...trim(ortPkg), dependencies: { 'onnxruntime-common': commonPkg.version } }, null, 2));
    copy('node_modules/onnxruntime-node/dist', join(ortRoot, 'dist'), (p) => !p.endsWith('.map') && !p.endsWith('.d.ts'));
    // darwin ships libonnxruntime.1.dylib twice (the versioned name is an unpacked symlink); the binding
    // loads @rpath/libonnxruntime.1.dylib, so the versioned copy is dropped (-44 MB uncompressed).
    copy(`node_modules/onnxruntime-node/bin/napi-v6/${ort}`, join(ortRoot, 'bin/napi-v6', ort), (p) => !/libonnxruntime\.\d+\.\d+\.\d+\.dylib$/.test(p));
    const common = join(stage, 'node_modules/onnxruntime-common');
    mkdirSync(common, { recursive: true });
    writeFileSync(
      join(common, 'package.json'),
      JSON.stringify({ ...trim(commonPkg), exports: { require: './dist/cjs/index.js', default: './dist/cjs/index.js' }, dependencies: {} }, null, 2),
    );
    copy('node_modules/onnxruntime-common/dist/cjs', join(common, 'dist/cjs'), (p) => !p.endsWith('.map') && !p.endsWith('.d.ts'));
  }
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');
  const out = join(outDir, `tersify-${target}-${pkg.version}.vsix`);
  const deps = ort ? [] : ['--no-dependencies'];
  execFileSync(process.execPath, [vsce, 'package', '--target', target, ...deps, '--allow-missing-repository', '--out', out], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const mb = statSync(out).size / 1048576;
  results.push({ target, file: out, mb: Number(mb.toFixed(1)), onnxRuntime: Boolean(ort) });
}
console.log('\npackage            size (MB)  ONNX Runtime');
for (const r of results) console.log(`${r.target.padEnd(18)} ${String(r.mb).padStart(8)}   ${r.onnxRuntime ? 'yes' : 'no (code only)'}`);
writeFileSync(join(outDir, 'sizes.json'), JSON.stringify(results, null, 2));
