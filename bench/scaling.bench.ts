/**
 * Time against input size for the inputs that used to be quadratic (issue 16 item 6): one long run of one
 * character in text mode, a long bash expression, prose. Time should grow about linearly: `perKB` stays flat.
 *
 * Run: node --import tsx bench/scaling.bench.ts [--prose FILE]   → bench/results/scaling.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from '../src/core/budget/tokenizers';
import { compress } from '../src/core/compress';
import type { CompressOptions } from '../src/core/types';

interface Row {
  case: string;
  kb: number;
  ms: number;
  perKB: number;
}

async function time(label: string, text: string, run: (t: string) => unknown): Promise<Row> {
  const t0 = performance.now();
  await run(text);
  const ms = performance.now() - t0;
  const kb = text.length / 1024;
  const row = { case: label, kb: Math.round(kb), ms: Math.round(ms), perKB: Math.round((ms / kb) * 100) / 100 };
  console.log(`${label.padEnd(28)} ${String(row.kb).padStart(6)} KB ${String(row.ms).padStart(8)} ms ${row.perKB} ms/KB`);
  return row;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const opts = (o: CompressOptions) => (t: string) => compress(t, { rate: 0.5, ...o });
  for (const kb of [10, 20, 40, 80, 160]) rows.push(await time('count "(((" run', '('.repeat(kb * 1024), (t) => countTokens(t)));
  for (const kb of [10, 20, 40, 80]) rows.push(await time('text mode "(((" run', '('.repeat(kb * 1024), opts({ mode: 'text' })));
  for (const kb of [12, 24, 48, 96]) {
    const n = Math.floor((kb * 1024) / 2);
    rows.push(await time('bash nested $(( ))', `x=$(( ${'('.repeat(n)}1${')'.repeat(n)} ))\n`, opts({ language: 'shellscript' })));
  }
  const i = process.argv.indexOf('--prose');
  if (i > 0) {
    const prose = readFileSync(process.argv[i + 1], 'utf8');
    for (const kb of [64, 128, 256, 512]) rows.push(await time('prose (text mode)', prose.slice(0, kb * 1024), opts({ mode: 'text' })));
  }
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results/scaling.json'), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}

void main();
