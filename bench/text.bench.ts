/**
 * Prose engine benchmark (not a test): pipeline time vs raw session.run time on the same inputs,
 * words/s, cold start vs warm, peak memory for a 1 MB input. Medians of several runs.
 * Run: node --import tsx bench/text.bench.ts   → bench/results/text.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { analyze, disposeModels, selectScored } from '../src/core/text';
import { sharedDataDir } from '../scripts/environment.mjs';

const root = resolve(__dirname, '..');
const shared = sharedDataDir();
const defaultModel = defaultModelDir();
const model = existsSync(join(defaultModel, 'model.onnx')) ? defaultModel : join(root, 'test/fixtures/models/tiny-bert');
const modelLabel = model === defaultModel ? 'default (tersify-small-en)' : 'fixture tiny-bert (random weights; default model not installed)';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const count = tokenCounter('o200k_base');

function corpus(): string {
  const dir = join(shared, 'meetings/qmsum-val');
  if (!existsSync(dir)) {
    const s = 'The committee met on Tuesday to discuss the budget, and several members raised concerns about costs. ';
    return s.repeat(20_000);
  }
  let out = '';
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { meeting_transcripts: { speaker: string; content: string }[] };
    for (const t of d.meeting_transcripts) out += `${t.speaker}: ${t.content}\n`;
    if (out.length > 1_200_000) break;
  }
  return out;
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : 0;
}

async function pipeline(text: string, rate = 0.5) {
  let runMs = 0;
  const t0 = performance.now();
  const a = await analyze(text, { model, onRun: (ms) => (runMs += ms) });
  const t1 = performance.now();
  const sel = selectScored(a, { model, budget: Math.round(count(text) * rate), count });
  const t2 = performance.now();
  return { totalMs: t2 - t0, analyzeMs: t1 - t0, selectMs: t2 - t1, runMs, words: a.seg.words.length, provider: a.provider, tokens: sel.compressedTokens };
}

async function main() {
  const all = corpus();
  const sizes = [2_000, 20_000, 100_000];
  // Cold start: first call after loading nothing (session creation + tokenizer load + first run).
  await disposeModels();
  const cold = await pipeline(all.slice(0, 2_000));
  const warmFirst = await pipeline(all.slice(0, 2_000));
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const text = all.slice(0, size);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await pipeline(text));
    const total = median(runs.map((r) => r.totalMs));
    const run = median(runs.map((r) => r.runMs));
    // "Selection" includes the exact budget search, which counts target-LLM tokens several times.
    const select = median(runs.map((r) => r.selectMs));
    const analyzeMs = median(runs.map((r) => r.analyzeMs));
    results.push({
      chars: text.length,
      words: runs[0].words,
      medianTotalMs: +total.toFixed(2),
      medianSessionRunMs: +run.toFixed(2),
      medianScoringOverheadMs: +(analyzeMs - run).toFixed(2),
      medianSelectMs: +select.toFixed(2),
      overheadVsRun: run > 0 ? +((total - run) / run).toFixed(3) : null,
      scoringOverheadVsRun: run > 0 ? +((analyzeMs - run) / run).toFixed(3) : null,
      wordsPerSecond: Math.round(runs[0].words / (total / 1000)),
    });
    console.log(JSON.stringify(results[results.length - 1]));
  }
  // Peak memory for a 1 MB input.
  const mb = all.length >= 1_000_000 ? all.slice(0, 1_000_000) : all.repeat(Math.ceil(1_000_000 / all.length)).slice(0, 1_000_000);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const big = await pipeline(mb);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const out = {
    model: modelLabel,
    modelDir: model,
    provider: big.provider,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    runs: RUNS,
    coldStartMs: +cold.totalMs.toFixed(1),
    warmSameInputMs: +warmFirst.totalMs.toFixed(1),
    sizes: results,
    oneMegabyte: {
      chars: mb.length,
      words: big.words,
      totalMs: +big.totalMs.toFixed(0),
      sessionRunMs: +big.runMs.toFixed(0),
      selectMs: +big.selectMs.toFixed(0),
      peakRssMB: +(peak / 1048576).toFixed(1),
      rssBeforeMB: +(before / 1048576).toFixed(1),
      wordsPerSecond: Math.round(big.words / (big.totalMs / 1000)),
    },
    note:
      'overheadVsRun = (pipeline − session.run) / session.run; it includes the exact budget search (target-LLM token counting). ' +
      'scoringOverheadVsRun isolates tokenization + chunking + aggregation. With the random tiny fixture, session.run is tiny, so ratios overstate the overhead of a real model.',
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/text.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
  await disposeModels();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
