/**
 * Prose engine benchmark (not a test), on a mixed corpus (technical Markdown from READMEs under node_modules,
 * QMSum meeting transcripts, XQuAD Wikipedia paragraphs, gsc news sentences): the pipeline (`analyze` +
 * `selectScored`) beside the raw floor — session.run alone on the same batches of the same tokens, tensors
 * built before the clock starts — in KB/s, model tokens/s and words/s; cold start; peak RSS of a 1 MB input
 * in a fresh process (what `/usr/bin/time -v` reports for the CLI). Medians of several runs.
 * BENCH_MODELS=dirA,dirB compares further model folders in the same run (floors interleaved per size).
 * Run: node --import tsx bench/text.bench.ts   → bench/results/text.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { analyze, disposeModels, segment, selectScored } from '../src/core/text';
import { loadModelFiles } from '../src/core/text/model-files';
import { getSession, runBatch } from '../src/core/text/runtime';
import { batches, chunkTokens, tokenizeWords } from '../src/core/text/score';
import { loadWordTokenizer } from '../src/core/text/tokenizer';
import { sharedDataDir } from '../scripts/environment.mjs';

const root = resolve(__dirname, '..');
const shared = sharedDataDir();
const defaultModel = defaultModelDir();
const fixture = join(root, 'test/fixtures/models/tiny-bert');
const mainModel = existsSync(join(defaultModel, 'model.onnx')) ? defaultModel : fixture;
const models = [
  mainModel,
  ...(process.env.BENCH_MODELS ?? '')
    .split(',')
    .filter(Boolean)
    .map((d) => resolve(d)),
];
const label = (m: string) =>
  m === defaultModel ? 'default (tersify-small-en)' : m === fixture ? 'fixture tiny-bert (random weights; default model not installed)' : m;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const count = tokenCounter('o200k_base');

/** ~40% technical Markdown, 30% meeting transcripts, 15% Wikipedia, 15% news, interleaved in blocks of ~20 KB. */
function mixedCorpus(chars = 1_100_000): string {
  const kinds: [number, string[]][] = [];
  const md: string[] = [];
  const nm = join(root, 'node_modules');
  for (const d of readdirSync(nm).sort()) {
    const f = join(nm, d, 'README.md');
    if (existsSync(f)) md.push(readFileSync(f, 'utf8'));
  }
  kinds.push([0.4, md]);
  const mdir = join(shared, 'meetings/qmsum-val');
  if (existsSync(mdir)) {
    const turns = readdirSync(mdir)
      .filter((x) => x.endsWith('.json'))
      .sort()
      .map((f) => (JSON.parse(readFileSync(join(mdir, f), 'utf8')) as { meeting_transcripts: { speaker: string; content: string }[] }).meeting_transcripts);
    kinds.push([0.3, turns.map((ts) => ts.map((t) => `${t.speaker}: ${t.content}`).join('\n'))]);
  }
  const xq = join(shared, 'qa/xquad.en.json');
  if (existsSync(xq)) {
    const d = JSON.parse(readFileSync(xq, 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
    kinds.push([0.15, d.data.flatMap((a) => a.paragraphs.map((p) => p.context))]);
  }
  const gsc = join(shared, 'nl/gsc-dev.jsonl');
  if (existsSync(gsc)) {
    const lines = readFileSync(gsc, 'utf8').split('\n').filter(Boolean);
    kinds.push([0.15, lines.map((l) => (JSON.parse(l) as { text: string }).text)]);
  }
  const pos = kinds.map(() => 0);
  const take = kinds.map(() => 0);
  let out = '';
  while (out.length < chars) {
    let grew = false;
    kinds.forEach(([share, texts], k) => {
      const goal = take[k] + share * 20_000;
      while (take[k] < goal && pos[k] < texts.length) {
        const t = texts[pos[k]++];
        out += `${t}\n\n`;
        take[k] += t.length;
        grew = true;
      }
    });
    if (!grew) {
      if (out.length === 0) out = 'The committee met on Tuesday to discuss the budget, and several members raised concerns. ';
      out = out.repeat(2);
    }
  }
  return out.slice(0, chars);
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : 0;
}

async function pipeline(model: string, text: string, rate = 0.5) {
  let runMs = 0;
  const t0 = performance.now();
  const a = await analyze(text, { model, onRun: (ms) => (runMs += ms) });
  const t1 = performance.now();
  const sel = selectScored(a, { model, budget: Math.round(count(text) * rate), count });
  const t2 = performance.now();
  return { totalMs: t2 - t0, analyzeMs: t1 - t0, selectMs: t2 - t1, runMs, words: a.seg.words.length, provider: a.provider, tokens: sel.compressedTokens };
}

/** session.run alone on the batches the pipeline makes for this text (tensors built before the clock). */
async function rawFloor(model: string, text: string) {
  const files = loadModelFiles(model);
  const tok = loadWordTokenizer(files);
  const handle = await getSession(files.modelPath, {});
  const seg = segment(text);
  const stream = tokenizeWords(seg, tok);
  const chunks = chunkTokens(seg, stream, files.maxSequence - tok.prefix.length - tok.suffix.length);
  const all = [...batches(tok, stream, chunks)];
  let ms = 0;
  for (const b of all) await runBatch(handle, b.ids, b.mask, b.chunks.length, b.seq, (t) => (ms += t));
  return { ms, modelTokens: stream.ids.length };
}

/** Peak RSS of compressing `file` (rate 0.33) in a fresh Node process, as the CLI would. */
function peakInFreshProcess(model: string, file: string) {
  const script = `
    const { readFileSync } = require('node:fs');
    const { analyze, selectScored } = require(${JSON.stringify(join(root, 'src/core/text'))});
    const { tokenCounter } = require(${JSON.stringify(join(root, 'src/core/budget/tokenizers'))});
    (async () => {
      const text = readFileSync(${JSON.stringify(file)}, 'utf8');
      const count = tokenCounter('o200k_base');
      const t0 = performance.now();
      const a = await analyze(text, { model: ${JSON.stringify(model)} });
      const sel = selectScored(a, { budget: Math.round(count(text) * 0.33), count });
      const ms = performance.now() - t0;
      console.log(JSON.stringify({ ms, words: a.seg.words.length, kept: sel.compressedTokens, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
    })();`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`1 MB run failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { ms: number; words: number; kept: number; peakRssMB: number };
}

async function main() {
  const all = mixedCorpus();
  const sizes = [2_000, 20_000, 100_000];
  // Cold start: first call after loading nothing (session creation + tokenizer load + first run).
  await disposeModels();
  const cold = await pipeline(mainModel, all.slice(0, 2_000));
  const warmFirst = await pipeline(mainModel, all.slice(0, 2_000));
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const text = all.slice(0, size);
    for (const m of models) await pipeline(m, text); // warm every session on this size
    const runs = new Map<string, Awaited<ReturnType<typeof pipeline>>[]>(models.map((m) => [m, []]));
    const floors = new Map<string, number[]>(models.map((m) => [m, []]));
    let modelTokens = new Map<string, number>();
    // Interleaved: each round runs every model's floor and pipeline, so load from other processes falls on all alike.
    for (let i = 0; i < RUNS; i++) {
      for (const m of models) {
        const f = await rawFloor(m, text);
        floors.get(m)?.push(f.ms);
        modelTokens = modelTokens.set(m, f.modelTokens);
        runs.get(m)?.push(await pipeline(m, text));
      }
    }
    const base = median(floors.get(mainModel) ?? []);
    for (const m of models) {
      const rs = runs.get(m) ?? [];
      const total = median(rs.map((r) => r.totalMs));
      const run = median(rs.map((r) => r.runMs));
      const floor = median(floors.get(m) ?? []);
      const toks = modelTokens.get(m) ?? 0;
      const row = {
        model: label(m),
        chars: text.length,
        words: rs[0].words,
        modelTokens: toks,
        medianTotalMs: +total.toFixed(1),
        medianRawFloorMs: +floor.toFixed(1),
        medianSessionRunInPipelineMs: +run.toFixed(1),
        medianScoringOverheadMs: +(median(rs.map((r) => r.analyzeMs)) - run).toFixed(1),
        // "Selection" includes the exact budget search, which counts target-LLM tokens several times.
        medianSelectMs: +median(rs.map((r) => r.selectMs)).toFixed(1),
        pipelineVsRawFloor: floor > 0 ? +(total / floor).toFixed(3) : null,
        rawFloorTokensPerSecond: floor > 0 ? Math.round(toks / (floor / 1000)) : null,
        floorSpeedupVsFirstModel: floor > 0 ? +(base / floor).toFixed(2) : null,
        kbPerSecond: +(text.length / 1024 / (total / 1000)).toFixed(1),
        modelTokensPerSecond: Math.round(toks / (total / 1000)),
        wordsPerSecond: Math.round(rs[0].words / (total / 1000)),
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  const tmp = join(mkdtempSync(join(tmpdir(), 'tersify-bench-')), 'one-megabyte.txt');
  writeFileSync(tmp, all.slice(0, 1_048_576));
  const oneMegabyte = models.map((m) => ({ model: label(m), chars: 1_048_576, ...peakInFreshProcess(m, tmp) }));
  rmSync(dirname(tmp), { recursive: true, force: true });
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  for (const r of oneMegabyte) console.log(JSON.stringify(r));
  const out = {
    models: models.map(label),
    provider: cold.provider,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    corpus: 'mixed: ~40% READMEs under node_modules (technical Markdown), 30% QMSum-val transcripts, 15% XQuAD paragraphs, 15% gsc-dev sentences',
    runs: RUNS,
    coldStartMs: +cold.totalMs.toFixed(1),
    warmSameInputMs: +warmFirst.totalMs.toFixed(1),
    sizes: rows,
    oneMegabyte: oneMegabyte.map((r) => ({ ...r, ms: Math.round(r.ms), peakRssMB: +r.peakRssMB.toFixed(1) })),
    note:
      'pipelineVsRawFloor = (analyze + selectScored) / session.run alone on the same batches; selection includes the exact budget search ' +
      '(target-LLM token counting). oneMegabyte: analyze + selectScored at rate 0.33 in a fresh process, peak RSS = maxRSS of that process. ' +
      'The machine may be shared: compare models within one run (interleaved), not across runs.',
  };
  writeFileSync(join(root, 'bench/results/text.json'), JSON.stringify(out, null, 2) + '\n');
  await disposeModels();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
