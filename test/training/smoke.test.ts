/**
 * The whole training pipeline (training/smoke.sh) on tiny sizes, then its export in the TypeScript engine.
 * Needs Debian's python3-torch and python3-onnx ($PYTHON, default /usr/bin/python3) and the shared data
 * (TERSIFY_SHARED_DATA); without them it fails. TERSIFY_SKIP_TRAINING=1 opts out explicitly.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compress } from '../../src/core/compress';
import { isFaithful } from '../../src/core/faithfulness';
import { scoreText } from '../../src/core/text';
import { repoRoot, sharedDataPath } from '../helpers';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const skip = process.env.TERSIFY_SKIP_TRAINING === '1' ? 'TERSIFY_SKIP_TRAINING=1' : false;

test('the training pipeline runs end to end and its export loads in the TypeScript engine', { skip, timeout: 600_000 }, async () => {
  const probe = spawnSync(python, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
  assert.equal(
    probe.status,
    0,
    `needs ${python} with Debian's python3-torch and python3-onnx (or TERSIFY_SKIP_TRAINING=1 to opt out): ${probe.stderr ?? probe.error}`,
  );
  for (const rel of ['nl/gsc-train.jsonl', 'nl/gsc-dev.jsonl', 'meetings/qmsum-train', 'meetings/qmsum-val', 'qa/xquad.en.json']) sharedDataPath(rel);
  const out = mkdtempSync(join(tmpdir(), 'tersify-smoke-'));
  try {
    // training/ reads the data folder from TERSIFY_DATA.
    const env = { ...process.env, PYTHON: python, TERSIFY_DATA: sharedDataPath('.') };
    const run = spawnSync('bash', [join(repoRoot, 'training/smoke.sh'), out], { encoding: 'utf8', timeout: 540_000, env });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`.slice(-3000));
    assert.match(run.stdout, /smoke OK/);
    const model = join(out, 'model');
    const text = 'The committee approved the budget on Tuesday. Who voted against it?\nNobody did.';
    const scored = await scoreText(text, { model });
    assert.ok(scored.words.length >= 12);
    for (const w of scored.words) {
      assert.equal(text.slice(w.start, w.end), w.text);
      assert.ok(w.p >= 0 && w.p <= 1);
    }
    const r = await compress(text, { model, mode: 'text', rate: 0.5 });
    assert.ok(isFaithful(text, r.compressed));
    assert.ok(r.compressedTokens <= r.budget);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
