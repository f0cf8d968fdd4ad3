// Throughput of one or more model directories through onnxruntime-node (2 intra-op threads by default),
// measured in the same run: batches alternate between the models, so that a shared machine's load falls
// on all of them alike. Text: a mixed corpus of ~WORDS words — technical Markdown (READMEs under
// node_modules), QMSum-val meeting turns, gsc-dev news sentences, XQuAD paragraphs — tokenized with
// each model's tokenizer, cut into 510-token chunks (+[CLS]/[SEP]), run in batches of BATCH chunks.
// Reports wall-clock tokens/s and tokens per CPU-second (robust to load from other processes).
// Usage: node training/speed.cjs <modelDir>[,<modelDir>…] [threads=2] [batch=4] [words=60000] [rounds=3]
const path = require('path'), fs = require('fs');
const ort = require(path.join(__dirname, '..', 'node_modules', 'onnxruntime-node'));
const { Tokenizer } = require(path.join(__dirname, '..', 'node_modules', '@huggingface', 'tokenizers'));
const DATA = process.env.TERSIFY_DATA || '/work/shared/data';

function mixedTexts(maxWords) {
  const kinds = { markdown: [], meetings: [], news: [], wiki: [] };
  const nm = path.join(__dirname, '..', 'node_modules');
  for (const d of fs.readdirSync(nm).sort()) {
    const f = path.join(nm, d, 'README.md');
    if (fs.existsSync(f)) kinds.markdown.push(fs.readFileSync(f, 'utf8'));
  }
  const qdir = path.join(DATA, 'meetings/qmsum-val');
  for (const f of fs.readdirSync(qdir).sort()) kinds.meetings.push(JSON.parse(fs.readFileSync(path.join(qdir, f), 'utf8')).meeting_transcripts.map((t) => `${t.speaker}: ${t.content}`).join('\n'));
  for (const l of fs.readFileSync(path.join(DATA, 'nl/gsc-dev.jsonl'), 'utf8').split('\n')) if (l) kinds.news.push(JSON.parse(l).text);
  for (const a of JSON.parse(fs.readFileSync(path.join(DATA, 'qa/xquad.en.json'), 'utf8')).data) for (const p of a.paragraphs) kinds.wiki.push(p.context);
  const out = [];
  const share = { markdown: 0.4, meetings: 0.3, news: 0.15, wiki: 0.15 };
  for (const [k, texts] of Object.entries(kinds)) {
    let w = 0;
    for (const t of texts) {
      if (w >= share[k] * maxWords) break;
      const n = t.split(/\s+/).filter(Boolean).length;
      out.push(t);
      w += n;
    }
  }
  return out;
}

(async () => {
  const [dirs, th = '2', bs = '4', nw = '60000', rd = '3'] = process.argv.slice(2);
  const threads = +th, B = +bs, rounds = +rd;
  const texts = mixedTexts(+nw);
  const words = texts.reduce((a, t) => a + t.split(/\s+/).filter(Boolean).length, 0);
  const models = [];
  for (const dir of dirs.split(',')) {
    const tok = new Tokenizer(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')),
      JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
    const ids = [];
    for (const t of texts) for (const i of tok.encode(t, { add_special_tokens: false }).ids) ids.push(i);
    const cls = tok.encode('', { add_special_tokens: true }).ids; // [CLS, SEP]
    const chunks = [];
    for (let i = 0; i < ids.length; i += 510) chunks.push([cls[0], ...ids.slice(i, i + 510), cls[cls.length - 1]]);
    const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    models.push({ dir, tokens: ids.length, chunks, sess, ms: 0, cpu: 0, needTT: sess.inputNames.includes('token_type_ids') });
  }
  const run = async (m, batch) => {
    const b = batch.length, L = Math.max(...batch.map((c) => c.length));
    const a = new BigInt64Array(b * L), mk = new BigInt64Array(b * L);
    batch.forEach((c, r) => c.forEach((v, j) => { a[r * L + j] = BigInt(v); mk[r * L + j] = 1n; }));
    const feeds = { input_ids: new ort.Tensor('int64', a, [b, L]), attention_mask: new ort.Tensor('int64', mk, [b, L]) };
    if (m.needTT) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(b * L), [b, L]);
    const t0 = performance.now(), c0 = process.cpuUsage();
    await m.sess.run(feeds);
    const c = process.cpuUsage(c0);
    m.ms += performance.now() - t0; m.cpu += (c.user + c.system) / 1000;
  };
  for (const m of models) await run(m, m.chunks.slice(0, B)); // warm-up
  for (const m of models) m.ms = m.cpu = 0;
  const nb = Math.max(...models.map((m) => Math.ceil(m.chunks.length / B)));
  for (let r = 0; r < rounds; r++) for (let i = 0; i < nb; i++) for (const m of models) if (i * B < m.chunks.length) await run(m, m.chunks.slice(i * B, i * B + B));
  const base = models[0];
  const rate = (m) => (m.tokens * rounds) / (m.ms / 1000);
  for (const m of models) {
    console.log(JSON.stringify({ model: m.dir, threads, batch: B, words, tokens: m.tokens, tokens_per_word: +(m.tokens / words).toFixed(2),
      tokens_per_s: Math.round(rate(m)), words_per_s: Math.round((words * rounds) / (m.ms / 1000)),
      tokens_per_cpu_s: Math.round((m.tokens * rounds) / (m.cpu / 1000)), speedup_vs_first: +(rate(m) / rate(base)).toFixed(2),
      cpu_speedup_vs_first: +((m.tokens / m.cpu) / (base.tokens / base.cpu)).toFixed(2) }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
