/**
 * Code compression throughput (not a test): tree-sitter parse-only time vs the whole compressCode
 * pipeline at rate 0.5 on real files found on this machine (.ts/.js under node_modules, .py under
 * /usr/lib/python3*), chosen deterministically. Medians of 5 runs, same warm parser (the pipeline's own:
 * parser.ts's runtime and grammar, so that both sides run in the same wasm instance). Wall-clock and
 * CPU time (process.cpuUsage; steadier on a shared machine) are both reported.
 * Then meaning preservation and budget fidelity per preset (bench/code-quality.ts) on a subset of the same
 * files, the test fixtures and sources of other languages found in installed packages, and Bugs2Fix.
 * Then Repomix `--compress` side by side with Tersify at Repomix's own ratio (bench/code-repomix.ts), on the same
 * files: whole-process speed, peak RSS, verbatim lines, signatures intact, definitions kept.
 * Run: node --import tsx bench/code.bench.ts   → bench/results/code.json
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { compressCode, LANGUAGE_TABLE } from '../src/core/code';
import { loadLanguage } from '../src/core/code/parser';
import { quality, type QualityGroup } from './code-quality';
import { repomixComparison } from './code-repomix';
import { GENERATED, spread, walkFiles } from '../scripts/walkFiles';

const RUNS = 5;
const PER_GROUP = 120;
const MIN_BYTES = 2_000;
const MAX_BYTES = 200_000;
const QUALITY_FILES = 15;
const REPOMIX_RUNS = 3;

/** Go, Rust, C, C++, C#, Ruby, PHP, Java and shell: the test fixtures plus sources found in installed packages. */
function otherLanguageFiles(): { path: string; language: string }[] {
  const byExt: Record<string, string> = {
    '.go': 'go',
    '.rs': 'rust',
    '.c': 'c',
    '.cc': 'cpp',
    '.cpp': 'cpp',
    '.cs': 'csharp',
    '.rb': 'ruby',
    '.php': 'php',
    '.java': 'java',
    '.sh': 'shellscript',
  };
  const out: { path: string; language: string }[] = [];
  const fixtures = join(__dirname, '../test/fixtures/code');
  for (const f of readdirSync(fixtures).sort()) {
    const ext = f.slice(f.lastIndexOf('.'));
    if (byExt[ext] && f !== 'bugs2fix.java') out.push({ path: join(fixtures, f), language: byExt[ext] });
  }
  for (const [root, ext] of [
    ['/usr/share/doc', '.go'],
    ['/usr/lib/node_modules', '.cc'],
    ['/usr/lib/node_modules', '.c'],
    ['/usr/lib/node_modules', '.cs'],
    ['/usr/lib/node_modules', '.sh'],
  ] as const) {
    for (const path of collect(root, ext, 3)) out.push({ path, language: byExt[ext] });
  }
  return out;
}

function collect(root: string, ext: string, limit: number): string[] {
  const found = walkFiles(root, (e, size) => e.endsWith(ext) && !GENERATED(e) && size >= MIN_BYTES && size <= MAX_BYTES, { maxDepth: 8 });
  return spread(found, limit);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main() {
  const pyRoot = readdirSync('/usr/lib')
    .filter((d) => /^python3/.test(d))
    .sort()[0];
  const groups = [
    { language: 'typescript', files: collect(join(__dirname, '../node_modules'), '.ts', PER_GROUP) },
    { language: 'javascript', files: collect(join(__dirname, '../node_modules'), '.js', PER_GROUP) },
    { language: 'python', files: pyRoot ? collect(join('/usr/lib', pyRoot), '.py', PER_GROUP) : [] },
  ];
  const count = tokenCounter('o200k_base');
  const rows: Record<string, unknown>[] = [];
  let peakRss = process.memoryUsage().rss;
  for (const g of groups) {
    const row = LANGUAGE_TABLE.find((r) => r.id === g.language)!;
    const { parser, lang: loaded } = await loadLanguage(row);
    const lang = loaded.language;
    const texts = g.files.map((f) => readFileSync(f, 'utf8'));
    const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    const budgets = texts.map((t) => Math.round(count(t) * 0.5));
    // Warm up both paths (grammar load, JIT).
    for (const t of texts.slice(0, 5)) {
      parser.setLanguage(lang);
      parser.parse(t)?.delete();
      await compressCode({ text: t, budget: Math.round(count(t) * 0.5), count, tokenizer: 'o200k_base', language: g.language, preset: 'context' });
    }
    const parseMs: number[] = [];
    const pipeMs: number[] = [];
    const parseCpu: number[] = [];
    const pipeCpu: number[] = [];
    const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
    for (let run = 0; run < RUNS; run++) {
      let t0 = performance.now();
      let c0 = process.cpuUsage();
      for (const t of texts) {
        parser.setLanguage(lang);
        parser.parse(t)?.delete();
      }
      parseMs.push(performance.now() - t0);
      parseCpu.push(cpuMs(process.cpuUsage(c0)));
      t0 = performance.now();
      c0 = process.cpuUsage();
      for (let i = 0; i < texts.length; i++) {
        await compressCode({ text: texts[i], budget: budgets[i], count, tokenizer: 'o200k_base', language: g.language, preset: 'context' });
      }
      pipeMs.push(performance.now() - t0);
      pipeCpu.push(cpuMs(process.cpuUsage(c0)));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const parse = median(parseMs);
    const pipeline = median(pipeMs);
    const parseC = median(parseCpu);
    const pipelineC = median(pipeCpu);
    rows.push({
      language: g.language,
      files: texts.length,
      mb: +(bytes / 1048576).toFixed(2),
      parseOnlyMs: +parse.toFixed(1),
      pipelineMs: +pipeline.toFixed(1),
      ratio: +(pipeline / parse).toFixed(2),
      parseCpuMs: +parseC.toFixed(1),
      pipelineCpuMs: +pipelineC.toFixed(1),
      cpuRatio: +(pipelineC / parseC).toFixed(2),
      parseMBps: +(bytes / 1048576 / (parse / 1000)).toFixed(2),
      pipelineMBps: +(bytes / 1048576 / (pipeline / 1000)).toFixed(2),
    });
  }
  const totals = rows.reduce<{ mb: number; parse: number; pipe: number; parseC: number; pipeC: number; files: number }>(
    (a, r) => ({
      mb: a.mb + (r.mb as number),
      parse: a.parse + (r.parseOnlyMs as number),
      pipe: a.pipe + (r.pipelineMs as number),
      parseC: a.parseC + (r.parseCpuMs as number),
      pipeC: a.pipeC + (r.pipelineCpuMs as number),
      files: a.files + (r.files as number),
    }),
    { mb: 0, parse: 0, pipe: 0, parseC: 0, pipeC: 0, files: 0 },
  );
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    runs: RUNS,
    rate: 0.5,
    preset: 'context',
    tokenizer: 'o200k_base',
    goalRatio: 1.3,
    rows,
    total: {
      files: totals.files,
      mb: +totals.mb.toFixed(2),
      ratio: +(totals.pipe / totals.parse).toFixed(2),
      cpuRatio: +(totals.pipeC / totals.parseC).toFixed(2),
      pipelineMBps: +(totals.mb / (totals.pipe / 1000)).toFixed(2),
      parseMBps: +(totals.mb / (totals.parse / 1000)).toFixed(2),
    },
    peakRssMB: +(peakRss / 1048576).toFixed(0),
    quality: [] as Record<string, unknown>[],
    qualityFiles: {} as Record<string, string[]>,
    repomix: {} as Awaited<ReturnType<typeof repomixComparison>>,
  };
  // Meaning preservation and budget fidelity (bench/code-quality.ts) on a deterministic subset.
  const qGroups: QualityGroup[] = groups.map((g) => ({
    name: g.language,
    files: g.files
      .filter((_, i) => i % 8 === 0)
      .slice(0, QUALITY_FILES)
      .map((path) => ({ path, language: g.language })),
  }));
  qGroups.push({ name: 'other languages', files: otherLanguageFiles() });
  const t0 = performance.now();
  result.quality = await quality(qGroups, [0.5, 0.3], ['context', 'context-token', 'suggestion', 'repair', 'assertion']);
  const b2f = readFileSync(join(process.env.TERSIFY_SHARED_DATA ?? join(__dirname, '../../shared/data'), 'code/bugs2fix-medium-valid.buggy'), 'utf8')
    .split('\n')
    .filter((l, i) => l.trim() && i % 97 === 0)
    .slice(0, 40);
  result.quality.push(
    ...(await quality(
      [{ name: 'java (Bugs2Fix)', files: b2f.map((text, i) => ({ path: `bugs2fix#${i}`, language: 'java', text })) }],
      [0.7, 0.5],
      ['repair', 'assertion'],
    )),
  );
  const repo = join(__dirname, '..');
  for (const g of qGroups) result.qualityFiles[g.name] = g.files.map((f) => (f.path.startsWith(repo) ? relative(repo, f.path) : f.path));
  console.table(result.quality);
  console.log(`quality: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  // Repomix on the throughput files plus the other languages.
  const t1 = performance.now();
  result.repomix = await repomixComparison(
    [...groups.map((g) => ({ name: g.language, files: g.files.map((path) => ({ path, language: g.language })) })), qGroups[qGroups.length - 1]],
    REPOMIX_RUNS,
  );
  const rx = result.repomix;
  console.table(rx.rows);
  console.log(
    `repomix ${rx.version}: ${rx.files} files, ${rx.mb} MB; whole process ${rx.repomixWallS} s (${rx.repomixMBps} MB/s, peak ${rx.repomixPeakRssMB} MB) vs tersify ${rx.tersifyWallS} s (${rx.tersifyMBps} MB/s, peak ${rx.tersifyPeakRssMB} MB): ${rx.speedup}× (goal ≥ 3); ${((performance.now() - t1) / 1000).toFixed(0)} s`,
  );
  console.table(rows);
  console.log(
    `total: ${result.total.files} files, ${result.total.mb} MB, pipeline/parse-only = ${result.total.ratio} wall, ${result.total.cpuRatio} CPU (goal ≤ 1.3), ${result.total.pipelineMBps} MB/s, peak RSS ${result.peakRssMB} MB`,
  );
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results/code.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
