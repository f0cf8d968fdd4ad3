import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compress } from '../../../src/core/compress';
import { TersifyError } from '../../../src/core/errors';
import { checkLogits } from '../../../src/core/text/runtime';
import { fixtureModel } from '../../helpers';

const dir = mkdtempSync(join(tmpdir(), 'tersify-corrupt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function copyModel(name: string): string {
  const to = join(dir, name);
  cpSync(fixtureModel('tiny-bert'), to, { recursive: true });
  return to;
}

const prose = 'The meeting moved to Tuesday because the budget review was not finished, and everyone agreed to wait.';
const modelFault = (re: RegExp) => (e: unknown) => e instanceof TersifyError && e.code === 'model' && re.test(e.message);

test('a model whose weights were bit-flipped to NaN is refused as corrupt, not used with p = null', async () => {
  const model = copyModel('nan');
  const path = join(model, 'model.onnx');
  const bytes = readFileSync(path);
  const at = bytes.indexOf(Buffer.from('m.ln.weightJ')) + 'm.ln.weightJ'.length + 2; // raw_data of the final layer norm (32 floats)
  bytes.fill(0xff, at, at + 128);
  writeFileSync(path, bytes);
  await assert.rejects(
    compress(prose, { model, mode: 'text', rate: 0.5 }),
    modelFault(/nan.*model\.onnx is corrupt: it produced \d+ of \d+ logits that are NaN or infinite$/),
  );
});

test('a config.json whose label map does not fit the model names config.json, not the output shape', async () => {
  const model = copyModel('labels');
  const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8'));
  config.id2label = { 0: 'drop', 1: 'maybe', 2: 'keep' };
  writeFileSync(join(model, 'config.json'), JSON.stringify(config));
  await assert.rejects(
    compress(prose, { model, mode: 'text', rate: 0.5 }),
    modelFault(/labels\/config\.json does not match the model: its id2label names 3 labels \(keep = 2\), the model outputs 2$/),
  );
});

test('int64 outputs are named as such (not "Cannot convert a BigInt value to a number")', () => {
  const expected = { batch: 1, seq: 2, keepIndex: 1, modelPath: 'm/model.onnx', outputName: 'logits', configPath: 'm/config.json' };
  assert.throws(
    () => checkLogits({ data: new BigInt64Array(4) as never, dims: [1, 2, 2], type: 'int64' }, expected),
    modelFault(/^m\/model\.onnx: output "logits" holds int64 values, expected float32 token-classification logits$/),
  );
  assert.throws(() => checkLogits({ data: new Float32Array(4), dims: [1, 4], type: 'float32' }, expected), modelFault(/wrong output shape/));
  checkLogits({ data: new Float32Array([0.1, -2, 3, 4]), dims: [1, 2, 2], type: 'float32' }, expected);
});
