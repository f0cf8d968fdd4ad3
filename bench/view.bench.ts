/**
 * What the compression view costs a user (issue 17): the first compression of a 200 KB Markdown selection, then
 * moving the rate slider and editing the question, which must re-select from kept scores (no model run); and a
 * cold start: a new process (like the extension's worker after activation) loading the bundle and compressing a
 * 1k-token selection. Medians of several runs, in one run of this bench.
 *
 * Run: node --import tsx bench/view.bench.ts   (after `node scripts/build.mjs`)   → bench/results/view.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compress } from '../src/core/compress';
import { countTokens } from '../src/core/budget/tokenizers';

const root = join(__dirname, '..');
/** A fixed, listed sample of real technical Markdown (READMEs of installed packages), read in this order. */
const SAMPLE = [
  'commander/Readme.md',
  'ajv/README.md',
  'yargs/README.md',
  'esbuild/README.md',
  'typescript/README.md',
  'ws/README.md',
  'undici/README.md',
  'semver/README.md',
  'minimatch/README.md',
  'glob/README.md',
  'chalk/readme.md',
  'debug/README.md',
  'uuid/README.md',
  'zod/README.md',
  'playwright-core/README.md',
  'web-tree-sitter/README.md',
];

function sample(chars: number): { text: string; files: string[] } {
  let text = '';
  const files: string[] = [];
  for (const f of SAMPLE) {
    const p = join(root, 'node_modules', f);
    if (!existsSync(p)) continue;
    text += `${readFileSync(p, 'utf8')}\n\n`;
    files.push(f);
    if (text.length >= chars) break;
  }
  return { text: text.slice(0, chars), files };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { text, files } = sample(200 * 1024);
  if (text.length < 150 * 1024) throw new Error(`the Markdown sample is only ${text.length} characters; check the listed files`);
  let t0 = performance.now();
  const first = await compress(text, { rate: 0.5 });
  const firstMs = performance.now() - t0;
  const slider: number[] = [];
  const runs: number[] = [];
  for (const rate of [0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.33]) {
    t0 = performance.now();
    const r = await compress(text, { rate });
    slider.push(performance.now() - t0);
    runs.push(r.modelRuns ?? 0);
  }
  const question: number[] = [];
  for (const q of ['how do I parse command-line options?', 'which versions of Node are supported?', 'how are errors reported?']) {
    t0 = performance.now();
    const r = await compress(text, { rate: 0.33, question: q });
    question.push(performance.now() - t0);
    runs.push(r.modelRuns ?? 0);
  }
  // cold: process start → first result for a 1k-token selection, through the bundle the extension's worker loads
  const lib = join(root, 'dist', 'lib.js');
  if (!existsSync(lib)) throw new Error('dist/lib.js is missing: run node scripts/build.mjs first');
  let small = '';
  for (const para of text.split(/\n\n+/)) {
    if (countTokens(small) >= 1000) break;
    small += `${para}\n\n`;
  }
  const script = `const t0=performance.now();const l=require(${JSON.stringify(lib)});const fs=require('fs');const t=fs.readFileSync(0,'utf8');l.compress(t,{rate:0.5}).then(r=>{process.stdout.write(JSON.stringify({ms:performance.now()-t0,load:0,tokens:r.originalTokens}))})`;
  const cold: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < 3; i++) {
    const w0 = performance.now();
    const r = spawnSync(process.execPath, ['-e', script], { input: small, encoding: 'utf8' });
    wall.push(performance.now() - w0);
    if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
    cold.push(JSON.parse(r.stdout).ms);
  }
  const out = {
    date: new Date().toISOString(),
    sample: { files, kb: Math.round(text.length / 1024), tokens: first.originalTokens },
    firstCompressionMs: Math.round(firstMs),
    firstModelRuns: first.modelRuns,
    sliderMedianMs: Math.round(median(slider)),
    sliderMs: slider.map(Math.round),
    questionMedianMs: Math.round(median(question)),
    modelRunsAfterFirst: runs.reduce((a, b) => a + b, 0),
    cold1k: { tokens: countTokens(small), inProcessMedianMs: Math.round(median(cold)), processWallMedianMs: Math.round(median(wall)) },
    targets: { sliderMs: 500, cold1kMs: 1000 },
  };
  console.log(`200 KB Markdown (${out.sample.tokens} tokens): first compression ${out.firstCompressionMs} ms (${first.modelRuns} model runs)`);
  console.log(`slider change: median ${out.sliderMedianMs} ms (${out.sliderMs.join(', ')}); question change: median ${out.questionMedianMs} ms`);
  // Not always 0: a piece that got its whole share at the first rate (kept unchanged, never scored) is scored the
  // first time a lower rate cuts it.
  console.log(`model runs after the first compression: ${out.modelRunsAfterFirst} (pieces first cut at a lower rate)`);
  console.log(`cold, 1k-token selection: ${out.cold1k.inProcessMedianMs} ms from require to result, ${out.cold1k.processWallMedianMs} ms process wall`);
  if (out.modelRunsAfterFirst > (first.modelRuns ?? 0) / 10) throw new Error('the model ran again for most rate or question changes');
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'view.json'), `${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
