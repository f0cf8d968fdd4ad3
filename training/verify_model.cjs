// Load a model directory (model.onnx + tokenizer.json + tokenizer_config.json + config.json)
// with onnxruntime-node and @huggingface/tokenizers, print tokens/probabilities for a sentence,
// check dynamic shapes, and optionally compare logits with a Python reference file.
// Usage: node training/verify_model.cjs <modelDir> [ref.json refKey]
const path = require('path');
const fs = require('fs');
const ort = require(path.join(__dirname, '..', 'node_modules', 'onnxruntime-node'));
const { Tokenizer } = require(path.join(__dirname, '..', 'node_modules', '@huggingface', 'tokenizers'));

async function main() {
  const [dir, refPath, refKey] = process.argv.slice(2);
  const tj = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
  const tc = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  const tok = new Tokenizer(tj, tc);
  const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { intraOpNumThreads: 2 });
  console.log('inputs', sess.inputNames, 'outputs', sess.outputNames, 'model_type', cfg.model_type);
  const needTT = sess.inputNames.includes('token_type_ids');
  const run = async (idsRows, maskRows) => {
    const b = idsRows.length, t = idsRows[0].length;
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(idsRows.flat().map(BigInt)), [b, t]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(maskRows.flat().map(BigInt)), [b, t]),
    };
    if (needTT) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(b * t), [b, t]);
    const out = await sess.run(feeds);
    return out.logits;
  };
  for (const text of ['Hello world, this is a test.', 'The company said on Monday that prices rose 3.5 percent in London.']) {
    const enc = tok.encode(text);
    console.log(JSON.stringify(text), '->', enc.tokens.join(' '));
    const lg = await run([enc.ids], [enc.attention_mask]);
    if (lg.dims.join() !== [1, enc.ids.length, 2].join()) throw new Error('bad logits dims ' + lg.dims);
    const p = [];
    for (let i = 0; i < enc.ids.length; i++) {
      const a = lg.data[2 * i], c = lg.data[2 * i + 1];
      p.push((1 / (1 + Math.exp(a - c))).toFixed(3));
    }
    console.log('  p(keep):', p.join(' '));
  }
  // dynamic batch/sequence
  for (const [b, t] of [[1, 3], [3, 17], [2, 130]]) {
    const ids = Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, j) => 5 + ((i * 31 + j * 7) % 50)));
    const mask = ids.map((r) => r.map(() => 1));
    const lg = await run(ids, mask);
    if (lg.dims.join() !== [b, t, 2].join()) throw new Error('bad dims ' + lg.dims);
  }
  console.log('dynamic shapes ok');
  if (refPath) {
    const ref = JSON.parse(fs.readFileSync(refPath, 'utf8'))[refKey];
    const lg = await run(ref.input_ids, ref.attention_mask);
    const flat = ref.logits.flat(2);
    let maxd = 0;
    for (let i = 0; i < flat.length; i++) {
      // only compare unmasked positions of padded rows? all positions are defined; compare all
      maxd = Math.max(maxd, Math.abs(flat[i] - lg.data[i]));
    }
    console.log('max |torch - onnxruntime| =', maxd.toExponential(2));
    if (!(maxd < 1e-3)) throw new Error('mismatch vs torch reference');
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
