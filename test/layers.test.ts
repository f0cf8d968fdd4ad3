/**
 * The layer rule, by folder: nothing under src/core, src/cli or webview/ imports 'vscode', and neither does a
 * src/vscode module whose header comment says it is vscode-free ("No vscode import" / "without vscode").
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers';

/** `from 'vscode'`, `import 'vscode'`, `import('vscode')`, `require('vscode')`, either quote. */
const IMPORTS_VSCODE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]vscode['"]/;
const VSCODE_FREE = /No vscode import|without vscode/i;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const ent of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    const rel = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...sources(rel));
    else if (/\.(?:ts|tsx|js|mjs|cjs)$/.test(ent.name)) out.push(rel);
  }
  return out;
}
const read = (rel: string) => readFileSync(join(repoRoot, rel), 'utf8');
/** The leading comment block of a file (its header). */
const header = (text: string) => /^\s*(\/\*[\s\S]*?\*\/|(?:\/\/.*\n)+)/.exec(text)?.[1] ?? '';

test('the import pattern recognises every form (and the extension glue does import vscode)', () => {
  for (const s of [
    `import * as vscode from 'vscode';`,
    `import type { Uri } from "vscode";`,
    `const v = require('vscode');`,
    `await import('vscode')`,
    `import 'vscode';`,
  ])
    assert.match(s, IMPORTS_VSCODE, s);
  for (const s of [`from './vscode'`, `from 'vscode-uri'`, `// the vscode API`]) assert.doesNotMatch(s, IMPORTS_VSCODE, s);
  assert.match(read('src/vscode/extension.ts'), IMPORTS_VSCODE);
});

test('nothing under src/core, src/cli or webview/ imports vscode', () => {
  const files = ['src/core', 'src/cli', 'webview'].flatMap(sources);
  assert.ok(files.length > 50, `found ${files.length} files`);
  const offenders = files.filter((f) => IMPORTS_VSCODE.test(read(f)));
  assert.deepEqual(offenders, []);
});

test('src/vscode modules documented as vscode-free do not import vscode', () => {
  const free = sources('src/vscode').filter((f) => VSCODE_FREE.test(header(read(f))));
  assert.ok(free.length >= 10, `vscode-free modules found by their header: ${free.join(', ')}`);
  const offenders = free.filter((f) => IMPORTS_VSCODE.test(read(f)));
  assert.deepEqual(offenders, [], `documented as vscode-free but importing vscode: ${offenders.join(', ')}`);
});
