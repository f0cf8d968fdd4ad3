// Per-op-type time of a model through onnxruntime-node (ORT profiling), on N 512-token chunks of
// random ids (speed does not depend on the ids). Usage: node training/profile.cjs <model.onnx> [threads=2] [batch=4] [chunks=16] [seq=512]
const path = require('path'), fs = require('fs'), os = require('os');
const ort = require(path.join(__dirname, '..', 'node_modules', 'onnxruntime-node'));
(async () => {
  const [file, th = '2', bs = '4', nc = '16', sq = '512'] = process.argv.slice(2);
  const B = +bs, N = +nc, L = +sq;
  const prefix = path.join(os.tmpdir(), `ortprof-${process.pid}`);
  const sess = await ort.InferenceSession.create(file, { intraOpNumThreads: +th, interOpNumThreads: +(process.env.INTER || 1), executionMode: process.env.INTER ? 'parallel' : 'sequential', graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: prefix });
  const needTT = sess.inputNames.includes('token_type_ids');
  const feeds = (b) => {
    const a = new BigInt64Array(b * L), m = new BigInt64Array(b * L).fill(1n);
    for (let i = 0; i < a.length; i++) a[i] = BigInt(5 + ((i * 7919) % 11000));
    const f = { input_ids: new ort.Tensor('int64', a, [b, L]), attention_mask: new ort.Tensor('int64', m, [b, L]) };
    if (needTT) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(b * L), [b, L]);
    return f;
  };
  await sess.run(feeds(B));
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let i = 0; i < N; i += B) await sess.run(feeds(B));
  const dt = performance.now() - t0, cpu = process.cpuUsage(c0);
  sess.endProfiling();
  const pf = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`ortprof-${process.pid}`)).map((f) => path.join(os.tmpdir(), f))[0];
  const ev = JSON.parse(fs.readFileSync(pf, 'utf8'));
  fs.unlinkSync(pf);
  const by = {};
  for (const e of ev) if (e.cat === 'Node' && e.name.endsWith('_kernel_time')) { const k = e.args.op_name; by[k] = (by[k] || 0) + e.dur; }
  const tot = Object.values(by).reduce((a, b) => a + b, 0);
  const rows = Object.entries(by).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(100 * v / tot).toFixed(1)}%`);
  console.log(JSON.stringify({ file, batch: B, seq: L, tokens_per_s: Math.round(N * L / (dt / 1000)), ms: Math.round(dt), cpu_ms: Math.round((cpu.user + cpu.system) / 1000), tokens_per_cpu_s: Math.round(N * L / ((cpu.user + cpu.system) / 1e6)) }), rows.slice(0, 10).join(', '));
})().catch((e) => { console.error(e); process.exit(1); });
