import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers';

// Activation must stay instant: the engine (tokenizer tables, tree-sitter, ONNX Runtime) belongs in the worker.
test('the extension host bundle does not carry the engine; the worker does', () => {
  const ext = join(repoRoot, 'dist/extension.js');
  const worker = join(repoRoot, 'dist/worker.js');
  const extSource = readFileSync(ext, 'utf8');
  assert.ok(statSync(ext).size < 1_000_000, `dist/extension.js is ${statSync(ext).size} bytes`);
  for (const marker of ['getBpeRankFromString', 'ts_parser_parse', 'InferenceSession.create']) {
    assert.ok(!extSource.includes(marker), `extension.js contains ${marker}`);
  }
  assert.ok(readFileSync(worker, 'utf8').includes('getBpeRankFromString'), 'the worker counts tokens');
});
