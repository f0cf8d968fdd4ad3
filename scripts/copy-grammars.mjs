// Copies the tree-sitter runtime (tree-sitter.wasm) and the language grammars (.wasm files shipped inside
// the official tree-sitter-<lang> npm packages, devDependencies) into grammars/. Run by the build.
// The grammar files are build outputs (not committed); see grammars/README.md.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const out = join(root, 'grammars');

/** [package, file inside the package, name in grammars/] */
const FILES = [
  ['web-tree-sitter', 'tree-sitter.wasm', 'tree-sitter.wasm'],
  ['tree-sitter-typescript', 'tree-sitter-typescript.wasm', 'tree-sitter-typescript.wasm'],
  ['tree-sitter-typescript', 'tree-sitter-tsx.wasm', 'tree-sitter-tsx.wasm'],
  ['tree-sitter-javascript', 'tree-sitter-javascript.wasm', 'tree-sitter-javascript.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  ['tree-sitter-java', 'tree-sitter-java.wasm', 'tree-sitter-java.wasm'],
  ['tree-sitter-go', 'tree-sitter-go.wasm', 'tree-sitter-go.wasm'],
  ['tree-sitter-rust', 'tree-sitter-rust.wasm', 'tree-sitter-rust.wasm'],
  ['tree-sitter-c', 'tree-sitter-c.wasm', 'tree-sitter-c.wasm'],
  ['tree-sitter-cpp', 'tree-sitter-cpp.wasm', 'tree-sitter-cpp.wasm'],
  ['tree-sitter-c-sharp', 'tree-sitter-c_sharp.wasm', 'tree-sitter-c_sharp.wasm'],
  ['tree-sitter-ruby', 'tree-sitter-ruby.wasm', 'tree-sitter-ruby.wasm'],
  // tree-sitter-php.wasm handles `<?php` plus surrounding HTML (php_only.wasm does not).
  ['tree-sitter-php', 'tree-sitter-php.wasm', 'tree-sitter-php.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm', 'tree-sitter-bash.wasm'],
];

mkdirSync(out, { recursive: true });
const missing = [];
let bytes = 0;
for (const [pkg, file, name] of FILES) {
  const from = join(modules, pkg, file);
  if (!existsSync(from)) {
    missing.push(`${pkg}/${file}`);
    continue;
  }
  copyFileSync(from, join(out, name));
  bytes += statSync(from).size;
}
if (missing.length) {
  // A missing grammar would silently turn that language's code compression into the lexical fallback.
  console.error(`copy-grammars: missing (run npm ci): ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`copy-grammars: ${FILES.length} files (${(bytes / 1048576).toFixed(1)} MB) → grammars/`);
