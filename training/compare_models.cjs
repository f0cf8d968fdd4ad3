// Max |Δ logit| and max |Δ keep probability| between two ONNX token classifiers on the same random batches
// (right-padded rows of random lengths, ids from the shared vocabulary). Usage: node training/compare_models.cjs A.onnx B.onnx [vocab=12000]
const path = require('path');
const ort = require(path.join(__dirname, '..', 'node_modules', 'onnxruntime-node'));
(async () => {
  const [a, b, v = '12000'] = process.argv.slice(2);
  const sa = await ort.InferenceSession.create(a, { intraOpNumThreads: 2 });
  const sb = await ort.InferenceSession.create(b, { intraOpNumThreads: 2 });
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let dl = 0, dp = 0, n = 0;
  for (const [B, L] of [[1, 7], [3, 64], [2, 512], [4, 200]]) {
    const ids = new BigInt64Array(B * L), mask = new BigInt64Array(B * L);
    for (let r = 0; r < B; r++) {
      const len = r === 0 ? L : 2 + Math.floor(rnd() * (L - 2));
      for (let j = 0; j < len; j++) { ids[r * L + j] = BigInt(j === 0 ? 2 : j === len - 1 ? 3 : 5 + Math.floor(rnd() * (+v - 5))); mask[r * L + j] = 1n; }
    }
    const feeds = (s) => { const f = { input_ids: new ort.Tensor('int64', ids, [B, L]), attention_mask: new ort.Tensor('int64', mask, [B, L]) }; if (s.inputNames.includes('token_type_ids')) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(B * L), [B, L]); return f; };
    const x = (await sa.run(feeds(sa))).logits.data, y = (await sb.run(feeds(sb))).logits.data;
    for (let i = 0; i < x.length; i += 2) {
      if (mask[i / 2] === 0n) continue;
      const p = (d, k) => 1 / (1 + Math.exp(d[k] - d[k + 1]));
      dl = Math.max(dl, Math.abs(x[i] - y[i]), Math.abs(x[i + 1] - y[i + 1]));
      dp = Math.max(dp, Math.abs(p(x, i) - p(y, i)));
      n++;
    }
  }
  console.log(JSON.stringify({ a, b, tokens: n, maxAbsLogitDiff: dl, maxAbsKeepProbDiff: dp }));
})().catch((e) => { console.error(e); process.exit(1); });
