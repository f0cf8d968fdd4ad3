// Throughput of a model directory through onnxruntime-node (2 intra-op threads by default).
// Text: gsc-dev sentences + QMSum-val turns (~WORDS words). Tokenized with @huggingface/tokenizers,
// cut into 510-token chunks (+[CLS]/[SEP] = 512), run in batches of BATCH chunks.
// Usage: node training/speed.cjs <modelDir> [threads=2] [batch=4] [words=60000]
const path = require('path'), fs = require('fs');
const ort = require(path.join(__dirname, '..', 'node_modules', 'onnxruntime-node'));
const { Tokenizer } = require(path.join(__dirname, '..', 'node_modules', '@huggingface', 'tokenizers'));
(async () => {
  const [dir, th = '2', bs = '4', nw = '60000'] = process.argv.slice(2);
  const threads = +th, B = +bs, maxWords = +nw;
  const tok = new Tokenizer(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')),
    JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
  const texts = [];
  for (const l of fs.readFileSync((process.env.TERSIFY_DATA || '/work/shared/data') + '/nl/gsc-dev.jsonl', 'utf8').split('\n')) if (l) texts.push(JSON.parse(l).text);
  const qdir = (process.env.TERSIFY_DATA || '/work/shared/data') + '/meetings/qmsum-val';
  for (const f of fs.readdirSync(qdir).sort()) for (const t of JSON.parse(fs.readFileSync(path.join(qdir, f), 'utf8')).meeting_transcripts) texts.push(t.speaker + ': ' + t.content);
  let words = 0; const sel = [];
  for (const t of texts) { if (words >= maxWords) break; sel.push(t); words += t.split(/\s+/).filter(Boolean).length; }
  const t0 = performance.now();
  const ids = [];
  for (const t of sel) for (const i of tok.encode(t, { add_special_tokens: false }).ids) ids.push(i);
  const tTok = performance.now() - t0;
  const cls = tok.encode('', { add_special_tokens: true }).ids; // [CLS, SEP]
  const chunks = [];
  for (let i = 0; i < ids.length; i += 510) chunks.push([cls[0], ...ids.slice(i, i + 510), cls[cls.length - 1]]);
  const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const needTT = sess.inputNames.includes('token_type_ids');
  const run = async (batch) => {
    const b = batch.length, L = Math.max(...batch.map((c) => c.length));
    const a = new BigInt64Array(b * L), m = new BigInt64Array(b * L);
    batch.forEach((c, r) => c.forEach((v, j) => { a[r * L + j] = BigInt(v); m[r * L + j] = 1n; }));
    const feeds = { input_ids: new ort.Tensor('int64', a, [b, L]), attention_mask: new ort.Tensor('int64', m, [b, L]) };
    if (needTT) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(b * L), [b, L]);
    return sess.run(feeds);
  };
  await run(chunks.slice(0, B)); // warm-up
  const t1 = performance.now();
  for (let i = 0; i < chunks.length; i += B) await run(chunks.slice(i, i + B));
  const tInf = performance.now() - t1;
  const r = { model: dir, threads, batch: B, words, tokens: ids.length, chunks: chunks.length,
    tokenize_s: +(tTok / 1000).toFixed(2), inference_s: +(tInf / 1000).toFixed(2),
    inference_words_per_s: Math.round(words / (tInf / 1000)), inference_tokens_per_s: Math.round(ids.length / (tInf / 1000)),
    end_to_end_words_per_s: Math.round(words / ((tInf + tTok) / 1000)) };
  console.log(JSON.stringify(r));
})().catch((e) => { console.error(e); process.exit(1); });
