/**
 * Repomix `--compress` side by side with Tersify (part of code.bench.ts), on the same files. Repomix runs as a
 * process over a folder holding copies of the files (JSON style: one string per file); its token ratio per file
 * is then Tersify's budget (`context` preset, `tersify compress --jsonl`, one request per file), so both keep
 * the same number of tokens. Whole-process wall time (Repomix and Tersify in turn, medians) and peak RSS
 * (`/usr/bin/time -v`); then, for both outputs, the same text-level measures: kept lines that are verbatim input
 * lines, signatures intact (the declaration header, whitespace-normalised, appears whole), definitions kept by
 * name, and the definitions Repomix keeps that Tersify also keeps.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { countTokens } from '../src/core/budget/tokenizers';
import { ELISION } from '../src/core/faithfulness';
import { signatureRuns, type QualityGroup } from './code-quality';

const ROOT = join(__dirname, '..');
const REPOMIX = join(ROOT, 'node_modules/.bin/repomix');
const CLI = join(ROOT, 'dist/cli.js');
/** Repomix's mark between the blocks it keeps. */
const REPOMIX_MARK = '⋮----';
const shown = (path: string) => (path.startsWith(ROOT) ? relative(ROOT, path) : path);

interface Run {
  wallS: number;
  peakRssMB: number;
}

/** One whole-process run under /usr/bin/time -v (when present): wall seconds and peak RSS. */
function timed(cmd: string, args: string[], input?: string): Run & { stdout: string } {
  const useTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = spawnSync(useTime ? '/usr/bin/time' : cmd, useTime ? ['-v', cmd, ...args] : args, {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wallS, peakRssMB: rss ? Math.round(+rss[1] / 1024) : Number.NaN, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const norm = (s: string) => s.replace(/\s+/g, '');
const escapeRe = (s: string) => s.replace(/[$.*+?^(){}[\]|\\]/g, '\\$&');

/**
 * Declaration headers (code-quality.ts signatureRuns) with the declared name, without the opener that ends a
 * header (`{`, `:`), which Repomix drops by design: measured are the name, parameters and return type.
 */
async function signatures(text: string, language: string) {
  const { tokens, runs } = await signatureRuns(text, language);
  return runs.map((r) => ({
    text: norm(
      tokens
        .slice(r.from, r.to)
        .map((t) => t.text)
        .join(''),
    ).replace(/[{:]$/, ''),
    name: r.name,
  }));
}

interface Tally {
  keptLines: number;
  verbatim: number;
  sigPresent: number;
  sigIntact: number;
  defs: number;
  defsKept: number;
  tokens: number;
}

function tally(): Tally {
  return { keptLines: 0, verbatim: 0, sigPresent: 0, sigIntact: 0, defs: 0, defsKept: 0, tokens: 0 };
}

export async function repomixComparison(groups: QualityGroup[], runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tersify-repomix-'));
  try {
    // Copies of the files, one folder per group; names keep the extension (Repomix picks the grammar by it).
    const files = groups.flatMap((g, gi) =>
      g.files.map((f, k) => {
        const rel = `g${gi}/${String(k).padStart(3, '0')}${extname(f.path)}`;
        return { group: g.name, language: f.language, path: f.path, rel, text: readFileSync(f.path, 'utf8') };
      }),
    );
    for (const f of files) {
      mkdirSync(join(dir, 'in', f.rel, '..'), { recursive: true });
      copyFileSync(f.path, join(dir, 'in', f.rel));
    }
    const bytes = files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
    // Repomix with its extras off (they would only slow it): no secret scan, no git sort, no summary or tree.
    const repomixArgs = [
      join(dir, 'in'),
      '--compress',
      '--style',
      'json',
      '-o',
      join(dir, 'repomix.json'),
      '--quiet',
      '--no-security-check',
      '--no-git-sort-by-changes',
      '--no-gitignore',
      '--no-default-patterns',
      '--no-file-summary',
      '--no-directory-structure',
    ];
    timed(REPOMIX, repomixArgs);
    const packed = JSON.parse(readFileSync(join(dir, 'repomix.json'), 'utf8')).files as Record<string, string>;
    // Tersify's budget per file: Repomix's own token count for it (files Repomix left out are left out here too).
    const inputTokens = files.map((f) => countTokens(f.text, 'o200k_base'));
    const budgets = files.map((f) => (f.rel in packed ? countTokens(packed[f.rel], 'o200k_base') : 0));
    const requests = files
      .map((f, i) =>
        budgets[i] > 0 ? JSON.stringify({ id: f.rel, text: f.text, targetTokens: budgets[i], mode: 'code', language: f.language, preset: 'context' }) : '',
      )
      .filter(Boolean)
      .join('\n');
    const repomixRuns: Run[] = [];
    const tersifyRuns: Run[] = [];
    let tersifyOut = '';
    for (let r = 0; r < runs; r++) {
      repomixRuns.push(timed(REPOMIX, repomixArgs));
      const t = timed(process.execPath, [CLI, 'compress', '--jsonl'], requests);
      tersifyRuns.push(t);
      tersifyOut = t.stdout;
    }
    const results = new Map<string, { compressed?: string; compressedTokens?: number; error?: string }>();
    for (const line of tersifyOut.split('\n').filter(Boolean)) {
      const o = JSON.parse(line);
      results.set(o.id, o);
    }
    const repomixS = median(repomixRuns.map((r) => r.wallS));
    const tersifyS = median(tersifyRuns.map((r) => r.wallS));
    const mb = bytes / 1048576;

    const rows: Record<string, unknown>[] = [];
    const per = new Map<string, { files: number; input: number; rx: Tally; tf: Tally; rxDefs: number; rxDefsAlsoTf: number; errors: number }>();
    for (const [i, f] of files.entries()) {
      const rx = packed[f.rel];
      const tf = results.get(f.rel);
      if (rx === undefined || !tf) continue;
      const g = per.get(f.group) ?? { files: 0, input: 0, rx: tally(), tf: tally(), rxDefs: 0, rxDefsAlsoTf: 0, errors: 0 };
      per.set(f.group, g);
      if (tf.error !== undefined || tf.compressed === undefined) {
        g.errors++;
        continue;
      }
      g.files++;
      g.input += inputTokens[i];
      const lines = new Set(f.text.split('\n').map((l) => l.trimEnd()));
      const sigs = await signatures(f.text, f.language);
      const has = (out: string, name: string) => new RegExp(`(^|[^\\w$])${escapeRe(name)}([^\\w$]|$)`).test(out);
      const measure = (out: string, t: Tally) => {
        t.tokens += countTokens(out, 'o200k_base');
        for (const l of out.split('\n')) {
          const s = l.trimEnd();
          if (!s.trim() || s.trim() === ELISION || s.trim() === REPOMIX_MARK) continue;
          t.keptLines++;
          if (lines.has(s)) t.verbatim++;
        }
        const flat = norm(out);
        for (const s of sigs) {
          if (!s.name) continue;
          t.defs++;
          if (!has(out, s.name)) continue;
          t.defsKept++;
          t.sigPresent++;
          if (flat.includes(s.text)) t.sigIntact++;
        }
      };
      measure(rx, g.rx);
      measure(tf.compressed, g.tf);
      for (const s of sigs) {
        if (!s.name || !has(rx, s.name)) continue;
        g.rxDefs++;
        if (has(tf.compressed, s.name)) g.rxDefsAlsoTf++;
      }
    }
    const share = (a: number, b: number) => +(a / Math.max(1, b)).toFixed(4);
    for (const [group, g] of per) {
      rows.push({
        group,
        files: g.files,
        repomixRatio: share(g.rx.tokens, g.input),
        tersifyRatio: share(g.tf.tokens, g.input),
        repomixVerbatimLines: share(g.rx.verbatim, g.rx.keptLines),
        tersifyVerbatimLines: share(g.tf.verbatim, g.tf.keptLines),
        repomixSignaturesIntact: share(g.rx.sigIntact, g.rx.sigPresent),
        tersifySignaturesIntact: share(g.tf.sigIntact, g.tf.sigPresent),
        repomixDefinitionsKept: share(g.rx.defsKept, g.rx.defs),
        tersifyDefinitionsKept: share(g.tf.defsKept, g.tf.defs),
        repomixDefinitionsAlsoKeptByTersify: share(g.rxDefsAlsoTf, g.rxDefs),
        repomixDefinitionsMissedByTersify: g.rxDefs - g.rxDefsAlsoTf,
        tersifyErrors: g.errors,
      });
    }
    return {
      command: {
        repomix: `repomix DIR ${repomixArgs.slice(1).join(' ').replace(join(dir, 'repomix.json'), 'OUT.json')}`,
        tersify: 'node dist/cli.js compress --jsonl < requests (one per file: targetTokens = Repomix tokens for it, mode code, preset context)',
      },
      version: spawnSync(REPOMIX, ['--version'], { encoding: 'utf8' }).stdout.trim(),
      files: files.length,
      filesLeftOutByRepomix: files.filter((f) => !(f.rel in packed)).map((f) => shown(f.path)),
      // Files whose Repomix output is empty (nothing it recognises as a definition): not compared.
      filesEmptiedByRepomix: files.filter((f, i) => f.rel in packed && budgets[i] === 0).map((f) => shown(f.path)),
      mb: +mb.toFixed(2),
      runs,
      repomixWallS: +repomixS.toFixed(2),
      tersifyWallS: +tersifyS.toFixed(2),
      repomixMBps: +(mb / repomixS).toFixed(2),
      tersifyMBps: +(mb / tersifyS).toFixed(2),
      // Median of the per-pair ratios (the runs alternate, so a pair shares the machine's load of the moment).
      speedup: +median(repomixRuns.map((r, k) => r.wallS / tersifyRuns[k].wallS)).toFixed(2),
      repomixPeakRssMB: Math.max(...repomixRuns.map((r) => r.peakRssMB)),
      tersifyPeakRssMB: Math.max(...tersifyRuns.map((r) => r.peakRssMB)),
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Standalone: node --import tsx bench/code-repomix.ts FILE... (quick look; code.bench.ts runs it on its corpus).
if (require.main === module) {
  const paths = process.argv.slice(2);
  const lang: Record<string, string> = { '.ts': 'typescript', '.js': 'javascript', '.py': 'python' };
  repomixComparison([{ name: 'args', files: paths.map((path) => ({ path, language: lang[extname(path)] ?? 'plaintext' })) }], 1).then(
    (r) => writeFileSync(1, `${JSON.stringify(r, null, 2)}\n`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
