/**
 * What users run (issue 17), not the engine's internals: the public library API (`compress`, `compressFiles` from
 * the built library, dist/lib.js) and the CLI (`dist/cli.js`, a process per run: `compress --jsonl`, one request
 * per document) on a mixed corpus — technical Markdown (READMEs in node_modules), meeting transcripts (QMSum),
 * chat-style text (XQuAD questions and paragraphs as a user/assistant conversation), code (TS/JS from
 * node_modules, Python from the standard library). Per kind: KB/s, words/s and model tokens/s (prose: tokens of
 * the prose model's own tokenizer; code: o200k tokens), medians of RUNS runs, beside the floors measured in the
 * same run on the same inputs: the prose model's `session.run` time (the pipeline's own calls, reported through
 * `onRun`) and tree-sitter parse-only for code. Cold = process start to the first result (CLI, and a fresh Node
 * process requiring the library). Code at Repomix's own ratio: Repomix `--compress` vs `tersify compress --jsonl`
 * on the same files (bench/code-repomix.ts). The prose model is whichever the library's default is
 * (`defaultModelDir()`), read generically.
 * Run: node --import tsx bench/users.bench.ts   → bench/results/users.json
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedDataDir } from '../scripts/environment.mjs';
import { repomixComparison } from './code-repomix';
import { GENERATED, walkFiles } from '../scripts/walkFiles';

const root = resolve(__dirname, '..');
const LIB = join(root, 'dist/lib.js');
const CLI = join(root, 'dist/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROSE_KB = Number(process.env.USERS_PROSE_KB ?? 100);
const CODE_KB = Number(process.env.USERS_CODE_KB ?? 400);
const PROSE_RATE = 0.33;
const CODE_RATE = 0.5;

type Lib = typeof import('../src/core/index');
// The built library, as a Node program would load it (npm run bench builds first).
const lib: Lib = require(LIB);

interface Doc {
  id: string;
  text: string;
  language?: string;
}
interface Kind {
  name: string;
  mode: 'text' | 'code';
  docs: Doc[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const kb = (docs: Doc[]) => docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0) / 1024;
const wordsOf = (docs: Doc[]) => docs.reduce((a, d) => a + (d.text.match(/\S+/g)?.length ?? 0), 0);

/** Files under `dir` (sorted walk) with extension `ext` and size in [min, max], until `totalKB`; spread deterministically. */
function files(dir: string, ext: RegExp, totalKB: number, min = 2_000, max = 60_000): string[] {
  const found = walkFiles(dir, (e, size) => ext.test(e) && !GENERATED(e) && size >= min && size <= max, { maxDepth: 7, max: 3000 });
  const out: string[] = [];
  let size = 0;
  // Every 7th first, then the rest, so that the sample spreads over packages.
  const order = [...found.filter((_, i) => i % 7 === 0), ...found.filter((_, i) => i % 7 !== 0)];
  for (const p of order) {
    if (size >= totalKB * 1024) break;
    out.push(p);
    size += statSync(p).size;
  }
  return out;
}

function corpus(): Kind[] {
  const shared = sharedDataDir();
  const md = files(join(root, 'node_modules'), /^README\.md$/i, PROSE_KB, 3_000, 40_000).map((p) => ({ id: p, text: readFileSync(p, 'utf8') }));
  const transcripts: Doc[] = [];
  const qdir = join(shared, 'meetings/qmsum-val');
  if (existsSync(qdir)) {
    let size = 0;
    for (const f of readdirSync(qdir).sort()) {
      if (size >= PROSE_KB * 1024) break;
      const d = JSON.parse(readFileSync(join(qdir, f), 'utf8')) as { meeting_transcripts: { speaker: string; content: string }[] };
      // A transcript of ~20 KB per document (what a user pastes), in the transcript's own order.
      let text = '';
      for (const t of d.meeting_transcripts) {
        text += `${t.speaker}: ${t.content}\n`;
        if (text.length > 20_000) break;
      }
      transcripts.push({ id: f, text });
      size += text.length;
    }
  }
  const chat: Doc[] = [];
  const xq = join(shared, 'qa/xquad.en.json');
  if (existsSync(xq)) {
    const d = JSON.parse(readFileSync(xq, 'utf8')) as { data: { title: string; paragraphs: { context: string; qas: { question: string }[] }[] }[] };
    let size = 0;
    for (const a of d.data) {
      if (size >= PROSE_KB * 1024) break;
      // One conversation per article: the user asks, the assistant answers with the paragraph.
      let text = '';
      for (const p of a.paragraphs) text += `User: ${p.qas[0]?.question ?? a.title}\n\nAssistant: ${p.context}\n\n`;
      chat.push({ id: a.title, text });
      size += text.length;
    }
  }
  const py = readdirSync('/usr/lib')
    .filter((d) => /^python3\.\d+$/.test(d))
    .sort()[0];
  const code: Doc[] = [
    ...files(join(root, 'node_modules'), /\.ts$/, CODE_KB / 4).map((p) => ({ id: p, text: readFileSync(p, 'utf8'), language: 'typescript' })),
    ...files(join(root, 'node_modules'), /\.js$/, CODE_KB / 4).map((p) => ({ id: p, text: readFileSync(p, 'utf8'), language: 'javascript' })),
    ...(py ? files(join('/usr/lib', py), /\.py$/, CODE_KB / 2) : []).map((p) => ({ id: p, text: readFileSync(p, 'utf8'), language: 'python' })),
  ];
  return [
    { name: 'technical Markdown', mode: 'text', docs: md },
    { name: 'meeting transcripts', mode: 'text', docs: transcripts },
    { name: 'chat-style text', mode: 'text', docs: chat },
    { name: 'code (TS/JS, Python)', mode: 'code', docs: code },
  ];
}

/** Tokens of the default prose model's own tokenizer (model tokens), or undefined when its internals moved. */
function modelTokenCounter(): ((text: string) => number) | undefined {
  try {
    const { loadModelFiles } = require('../src/core/text/model-files');
    const { loadWordTokenizer } = require('../src/core/text/tokenizer');
    const { tokenizeWords } = require('../src/core/text/score');
    const { segment } = require('../src/core/text/words');
    const tok = loadWordTokenizer(loadModelFiles(lib.defaultModelDir()));
    return (text: string) => tokenizeWords(segment(text), tok).ids.length;
  } catch {
    return undefined;
  }
}

/** The prose floor: the model's session.run time inside the pipeline's own scoring of the same text. */
async function sessionRunMs(text: string): Promise<number | undefined> {
  try {
    const { analyze } = require('../src/core/text');
    let ms = 0;
    await analyze(text, { onRun: (t: number) => (ms += t) });
    return ms;
  } catch {
    return undefined;
  }
}

/** The code floor: tree-sitter parse-only of the same files, same grammars (warm). */
async function parseOnlyMs(docs: Doc[]): Promise<number> {
  const { loadLanguage } = require('../src/core/code/parser');
  const { languageRow } = require('../src/core/code/languages');
  let ms = 0;
  for (const d of docs) {
    const { parser, lang } = await loadLanguage(languageRow(d.language));
    parser.setLanguage(lang.language);
    const t0 = performance.now();
    parser.parse(d.text)?.delete();
    ms += performance.now() - t0;
  }
  return ms;
}

function options(k: Kind, d: Doc) {
  return k.mode === 'code' ? { mode: 'code' as const, language: d.language, rate: CODE_RATE } : { mode: 'text' as const, rate: PROSE_RATE };
}

/** One CLI process over all documents (JSONL): wall time, time to the first result, answers. */
function cliRun(k: Kind): Promise<{ wallMs: number; firstMs: number; errors: number }> {
  const input = `${k.docs.map((d) => JSON.stringify({ id: d.id, text: d.text, ...options(k, d) })).join('\n')}\n`;
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [CLI, 'compress', '--jsonl'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let firstMs = 0;
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      if (!firstMs) firstMs = performance.now() - t0;
      out += b.toString();
    });
    p.on('error', fail);
    p.on('close', (code) => {
      if (code !== 0) fail(new Error(`tersify exited ${code}`));
      const errors = out
        .split('\n')
        .filter(Boolean)
        .filter((l) => 'error' in JSON.parse(l)).length;
      done({ wallMs: performance.now() - t0, firstMs, errors });
    });
    p.stdin.end(input);
  });
}

/** Cold: a fresh process to its first result — the CLI on one small document, and Node requiring the library. */
function coldRuns(k: Kind) {
  const d = [...k.docs].sort((a, b) => a.text.length - b.text.length)[0];
  const o = options(k, d);
  const tmp = join(tmpdir(), `tersify-users-cold-${process.pid}`);
  writeFileSync(tmp, d.text);
  const args = [CLI, 'compress', tmp, '--rate', String(o.rate), '--mode', o.mode, '-q', ...(o.mode === 'code' ? ['--language', d.language!] : [])];
  const script = `require(${JSON.stringify(LIB)}).compress(require('fs').readFileSync(${JSON.stringify(tmp)}, 'utf8'), ${JSON.stringify(o)}).then(() => process.exit(0))`;
  const cli: number[] = [];
  const api: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const [argv, into] of [
        [args, cli],
        [['-e', script], api],
      ] as const) {
        const t0 = performance.now();
        const c = spawnSync(process.execPath, argv, { encoding: 'utf8' });
        if (c.status !== 0) throw new Error(`cold run exited ${c.status}: ${c.stderr}`);
        into.push(performance.now() - t0);
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  return { document: d.id, kb: +(Buffer.byteLength(d.text) / 1024).toFixed(1), cliMs: Math.round(median(cli)), libraryMs: Math.round(median(api)) };
}

async function main() {
  for (const f of [LIB, CLI]) if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build`);
  const kinds = corpus().filter((k) => k.docs.length > 0);
  const modelTokens = modelTokenCounter();
  const count = lib.tokenCounter('o200k_base');
  const rows: Record<string, unknown>[] = [];
  const cold: Record<string, unknown>[] = [];
  const modelDir = lib.defaultModelDir();
  for (const k of kinds) {
    const size = kb(k.docs);
    const words = wordsOf(k.docs);
    const units = k.mode === 'text' && modelTokens ? k.docs.reduce((a, d) => a + modelTokens(d.text), 0) : k.docs.reduce((a, d) => a + count(d.text), 0);
    const unitName = k.mode === 'text' ? (modelTokens ? 'model tokens' : 'o200k tokens') : 'o200k tokens';
    // Warm-up (model session, grammars, JIT), then RUNS runs of each front end.
    for (const d of k.docs.slice(0, 2)) await lib.compress(d.text, options(k, d));
    const apiMs: number[] = [];
    const filesMs: number[] = [];
    const floorMs: number[] = [];
    const cliWall: number[] = [];
    const cliWarm: number[] = [];
    let cliErrors = 0;
    let kept = 0;
    let original = 0;
    for (let r = 0; r < RUNS; r++) {
      let t0 = performance.now();
      kept = 0;
      original = 0;
      for (const d of k.docs) {
        const res = await lib.compress(d.text, options(k, d));
        kept += res.compressedTokens;
        original += res.originalTokens;
      }
      apiMs.push(performance.now() - t0);
      if (k.mode === 'code') {
        t0 = performance.now();
        await lib.compressFiles(
          k.docs.map((d) => ({ path: d.id, text: d.text })),
          { rate: CODE_RATE },
        );
        filesMs.push(performance.now() - t0);
        floorMs.push(await parseOnlyMs(k.docs));
      } else {
        let ms = 0;
        for (const d of k.docs) ms += (await sessionRunMs(d.text)) ?? Number.NaN;
        floorMs.push(ms);
      }
      const c = await cliRun(k);
      cliWall.push(c.wallMs);
      cliWarm.push(c.wallMs - c.firstMs);
      cliErrors += c.errors;
    }
    const per = (ms: number) => ({
      kbps: +(size / (ms / 1000)).toFixed(1),
      wordsPerS: Math.round(words / (ms / 1000)),
      unitsPerS: Math.round(units / (ms / 1000)),
    });
    const floor = median(floorMs);
    const firstKB = Buffer.byteLength(k.docs[0].text) / 1024;
    const frontEnds: [string, number, number][] = [
      // The first pass meets each document for the first time (the token-count cache is cold, as in a fresh
      // process); later passes repeat the same documents (as a slider change does).
      ['library compress(), first pass', apiMs[0], size],
      ['library compress(), repeated', median(apiMs.slice(1).length ? apiMs.slice(1) : apiMs), size],
      ...(filesMs.length ? ([['library compressFiles()', median(filesMs), size]] as [string, number, number][]) : []),
      ['CLI --jsonl (whole process)', median(cliWall), size],
      ['CLI --jsonl (after the first result)', median(cliWarm), size - firstKB],
    ];
    for (const [front, ms, kbs] of frontEnds) {
      rows.push({
        kind: k.name,
        frontEnd: front,
        documents: k.docs.length,
        kb: +kbs.toFixed(0),
        ms: Math.round(ms),
        ...per(ms * (size / kbs)),
        units: unitName,
        vsFloor: Number.isFinite(floor) && floor > 0 ? +(ms / floor).toFixed(2) : null,
      });
    }
    rows.push({
      kind: k.name,
      frontEnd: k.mode === 'code' ? 'floor: tree-sitter parse-only' : 'floor: session.run of the same model',
      documents: k.docs.length,
      kb: +size.toFixed(0),
      ms: Number.isFinite(floor) ? Math.round(floor) : null,
      ...(Number.isFinite(floor) ? per(floor) : {}),
      units: unitName,
      vsFloor: 1,
    });
    rows.push({ kind: k.name, keptShare: +(kept / Math.max(1, original)).toFixed(3), cliErrors });
    cold.push({ kind: k.name, ...coldRuns(k) });
    console.table(rows.filter((r) => r.kind === k.name));
  }
  // Code at Repomix's ratio: both as processes on the same files.
  const code = kinds.find((k) => k.mode === 'code');
  const repomix = code
    ? await repomixComparison(
        ['typescript', 'javascript', 'python'].map((language) => ({
          name: language,
          files: code.docs.filter((d) => d.language === language).map((d) => ({ path: d.id, language })),
        })),
        RUNS,
      )
    : undefined;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: require('node:os').cpus().length,
    runs: RUNS,
    proseRate: PROSE_RATE,
    codeRate: CODE_RATE,
    proseModel: modelDir,
    corpus: Object.fromEntries(kinds.map((k) => [k.name, { documents: k.docs.length, kb: +kb(k.docs).toFixed(0), words: wordsOf(k.docs) }])),
    rows,
    cold,
    repomix: repomix && { ...repomix, rows: repomix.rows },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/users.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table(cold);
  if (repomix)
    console.log(
      `Repomix --compress vs tersify CLI at Repomix's ratio: ${repomix.speedup}× (Repomix ${repomix.repomixWallS} s, Tersify ${repomix.tersifyWallS} s)`,
    );
  await lib.disposeModels();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
