/**
 * Markdown facts and structure (issue 13): on a fixed, listed sample of real Markdown from node_modules
 * (bench/markdown-sample.txt; odd lines tune, even lines held out), at rates 0.5 and 0.33, what survives verbatim
 * and whole (bench/markdown-metrics.ts). Methods: the engine (compress), the stop-word heuristic through the same
 * selection, and the engine at commit 53a30fc (before this work; figures stored in
 * bench/results/markdown-53a30fc.json by `--baseline` at that commit).
 * Run: node --import tsx bench/markdown.bench.ts   → bench/results/markdown.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { compress } from '../src/core/compress';
import { isFaithful } from '../src/core/faithfulness';
import { disposeModels, segment, selectScored } from '../src/core/text';
import { heuristicKeepScore } from './heuristic';
import { addCounts, type Counts, emptyCounts, measure, summary } from './markdown-metrics';

const root = resolve(__dirname, '..');
const RATES = [0.5, 0.33];
const baselineRun = process.argv.includes('--baseline');
const count = tokenCounter('o200k_base');

function sample(): { tune: string[]; heldOut: string[]; missing: string[] } {
  const list = readFileSync(join(root, 'bench/markdown-sample.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const missing = list.filter((p) => !existsSync(join(root, p)));
  const present = list.filter((p) => existsSync(join(root, p)));
  return { tune: present.filter((_, i) => i % 2 === 0), heldOut: present.filter((_, i) => i % 2 === 1), missing };
}

type Method = 'engine' | 'stop-word heuristic';

interface Budgeted {
  over: number;
  underBy5: number;
  unfaithful: number;
  docs: number;
}

async function run(method: Method, text: string, rate: number): Promise<{ out: string; tokens: number; budget: number }> {
  if (method === 'engine') {
    const r = await compress(text, { rate });
    return { out: r.compressed, tokens: r.compressedTokens, budget: r.budget };
  }
  const seg = segment(text);
  const wordP = Float64Array.from(seg.words, (w) => heuristicKeepScore(w.text));
  const budget = Math.floor(count(text) * rate);
  const sel = selectScored({ seg, wordP }, { budget, count });
  return { out: sel.compressed, tokens: sel.compressedTokens, budget };
}

/**
 * Issue 16 item 4: 4 MB of Markdown, a 2,000-item list with each line two spaces deeper, in a fresh process (its
 * peak RSS is the figure; the limit is 1 GB).
 */
function nestedList(): { items: number; mb: number; ms: number; peakRssMb: number; tokens: string } | { error: string } {
  const script = `
    const { compress } = require('${join(root, 'src/core/compress.ts')}');
    const text = Array.from({ length: 2000 }, (_, i) => ' '.repeat(2 * i) + '- item number ' + i + ' with some words here').join('\\n');
    const t0 = performance.now();
    compress(text, { rate: 0.5 }).then((r) => console.log(JSON.stringify({ items: 2000, mb: +(text.length / 1e6).toFixed(2), ms: Math.round(performance.now() - t0),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), tokens: r.originalTokens + ' -> ' + r.compressedTokens })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: root });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return { error: `exit ${r.status}: ${(r.stderr || '').slice(-300)}` };
  }
}

async function main() {
  const { tune, heldOut, missing } = sample();
  const methods: Method[] = process.env.BENCH_METHOD ? [process.env.BENCH_METHOD as Method] : ['engine', 'stop-word heuristic'];
  const results: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const method of methods) {
    results[method] = {};
    for (const rate of RATES) {
      const halves: Record<string, unknown> = {};
      for (const [name, paths] of [
        ['tune', tune],
        ['heldOut', heldOut],
      ] as const) {
        if (process.env.BENCH_HALF && process.env.BENCH_HALF !== name) continue;
        const total: Counts = emptyCounts();
        const b: Budgeted = { over: 0, underBy5: 0, unfaithful: 0, docs: 0 };
        for (const p of paths) {
          const text = readFileSync(join(root, p), 'utf8');
          const r = await run(method, text, rate);
          addCounts(total, measure(text, r.out));
          b.docs++;
          if (r.tokens > r.budget) b.over++;
          if (r.tokens < r.budget * 0.95) b.underBy5++;
          if (!isFaithful(text, r.out)) b.unfaithful++;
        }
        halves[name] = { ...summary(total), budget: b };
      }
      results[method][String(rate)] = halves;
      console.log(
        method,
        rate,
        JSON.stringify(halves, (k, v) => (k === 'counts' ? undefined : v)),
      );
    }
  }
  await disposeModels();
  if (process.env.BENCH_HALF || process.env.BENCH_METHOD) return; // a partial run (while tuning) writes nothing
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  if (baselineRun) {
    writeFileSync(join(dir, 'markdown-53a30fc.json'), `${JSON.stringify({ commit: '53a30fc', rates: RATES, results }, null, 2)}\n`);
    return;
  }
  // BENCH_NESTED=0 keeps the last measured nested-list figure (it takes minutes).
  const previous = existsSync(join(dir, 'markdown.json')) ? JSON.parse(readFileSync(join(dir, 'markdown.json'), 'utf8')).nestedList : null;
  const nested = process.env.BENCH_NESTED === '0' ? previous : nestedList();
  console.log('nested list', JSON.stringify(nested));
  const stored = join(dir, 'markdown-53a30fc.json');
  const before = existsSync(stored) ? JSON.parse(readFileSync(stored, 'utf8')).results : null;
  const out = {
    sample: 'bench/markdown-sample.txt',
    docs: { tune: tune.length, heldOut: heldOut.length, missing },
    rates: RATES,
    results: { ...results, 'engine at 53a30fc (before issue 13)': before?.engine ?? null },
    nestedList: nested,
  };
  writeFileSync(join(dir, 'markdown.json'), `${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
