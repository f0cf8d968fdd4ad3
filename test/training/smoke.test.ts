import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compress } from '../../src/core/compress';
import { isFaithful } from '../../src/core/faithfulness';
import { scoreText } from '../../src/core/text';
import { repoRoot, hasSharedData } from '../helpers';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
const ready = probe.status === 0 && hasSharedData();
const why = ready ? undefined : `needs ${python} with Debian's python3-torch and python3-onnx, and ../shared/data`;
if (!ready && process.env.CI) throw new Error(`training smoke test cannot run in CI: ${why}`);

test('the training pipeline runs end to end and its export loads in the TypeScript engine', { skip: why, timeout: 600_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'tersify-smoke-'));
  try {
    const run = spawnSync('bash', [join(repoRoot, 'training/smoke.sh'), out], { encoding: 'utf8', timeout: 540_000 });
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
