/**
 * `npm run fuzz`: seeded, time-bounded fuzzing of every front end against the contracts.
 *
 *   node --import tsx scripts/fuzz.ts [--seed N] [--seconds S] [--max N] [--out DIR] [--kinds a,b]
 *
 * Inputs: random Unicode, broken and deeply nested code in every supported language (mutated from
 * test/fixtures/code), Markdown with unclosed fences and nested lists, odd options (wrong types too), malformed
 * JSONL (through the built CLI) and malformed MCP messages (through the server's transport).
 * Contracts: the output is faithful (only deletions); never over budget unless a note says why; at most 5% under
 * the budget unless noted; counts are true; errors are TersifyErrors with a clear message (no internal text);
 * no input under 100 KB takes more than 30 s. Each violation is minimised and written to DIR as JSON.
 * Exit code: 0 when nothing was violated, 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { createMcpServer } from '../src/cli/mcp/server';
import { LineTransport } from '../src/cli/mcp/transport';
import { budgetTolerance, isBudgetNote } from '../src/core/budget/budget';
import { countTokens } from '../src/core/budget/tokenizers';
import { compress } from '../src/core/compress';
import { TersifyError } from '../src/core/errors';
import { ELISION, isFaithful } from '../src/core/faithfulness';
import { compressFiles } from '../src/core/files';
import type { CompressOptions, CompressionResult } from '../src/core/types';

const root = resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const SEED = Number(arg('seed', String(Date.now() % 100000)));
const SECONDS = Number(arg('seconds', '60'));
const MAX = Number(arg('max', '1000000'));
const OUT = resolve(root, arg('out', '.fuzz'));
const KINDS = arg('kinds', 'unicode,code,markdown,options,files,jsonl,mcp').split(',');
const HANG_MS = 30_000;

// ---------- seeded randomness ----------
let state = SEED >>> 0 || 1;
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const chance = (p: number) => rand() < p;

// ---------- generators ----------
const WORDS = readFileSync(join(root, 'README.md'), 'utf8').split(/\s+/).filter(Boolean);
const CODE = readdirSync(join(root, 'test/fixtures/code')).map((f) => ({ file: f, text: readFileSync(join(root, 'test/fixtures/code', f), 'utf8') }));
const ODD = [
  '\u0301',
  '\u200b',
  '\u00a0',
  '\u3000',
  '😀',
  '👩‍👩‍👧',
  '東京',
  'ñ',
  '\t',
  '\r',
  '\r\n',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udc00',
  '```',
  '~~~',
  '⋯',
  '…',
  '<|endoftext|>',
  '\\',
  '"',
  "'",
  '`',
];
const ODD_LANGS = [
  'python',
  'typescript',
  'c',
  'cpp',
  'go',
  'rust',
  'java',
  'csharp',
  'ruby',
  'php',
  'shellscript',
  'javascript',
  'typescriptreact',
  'cobol',
  '',
  'Python',
  'md',
];

function randomUnicode(): string {
  const n = 1 + int(chance(0.1) ? 4000 : 400);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.5) s += `${pick(WORDS)} `;
    else if (r < 0.7) s += pick(ODD);
    else if (r < 0.8) s += String.fromCodePoint(0x20 + int(0x2fff));
    else if (r < 0.9) s += pick(['.', ',', '?', '!', '\n', '\n\n', '  ', '(', ')', '[', ']']);
    else s += String.fromCodePoint(0x1f300 + int(0x300));
  }
  return s;
}

function mutateCode(text: string): string {
  let s = text;
  const ops = 1 + int(4);
  for (let k = 0; k < ops; k++) {
    const at = int(s.length + 1);
    switch (int(7)) {
      case 0: // truncate
        s = s.slice(0, at);
        break;
      case 1: // delete a range
        s = s.slice(0, at) + s.slice(at + int(200));
        break;
      case 2: {
        // deep nesting
        const open = pick(['(', '{', '[', 'if (x) {', 'def f():\n' + ' '.repeat(4), '"', "'''", '/*', '<<EOF\n', '$(']);
        s = s.slice(0, at) + open.repeat(1 + int(300)) + s.slice(at);
        break;
      }
      case 3: // odd line ends
        s = s.replace(/\n/g, pick(['\r', '\r\n', '\n\n']));
        break;
      case 4: // duplicate a region
        s = s.slice(0, at) + s.slice(at, at + int(500)).repeat(1 + int(5)) + s.slice(at);
        break;
      case 5: // odd characters
        s = s.slice(0, at) + pick(ODD) + s.slice(at);
        break;
      default: // a long literal
        s = `${s.slice(0, at)}"${'x'.repeat(int(3000))}"${s.slice(at)}`;
    }
  }
  return s;
}

function markdown(): string {
  const parts: string[] = [];
  for (let i = 0, n = 1 + int(8); i < n; i++) {
    const r = rand();
    if (r < 0.3) parts.push(randomUnicode().slice(0, 600));
    else if (r < 0.55) {
      const c = pick(CODE);
      const fence = pick(['```', '~~~', '````']);
      const body = chance(0.5) ? mutateCode(c.text).slice(0, 3000) : c.text.slice(0, 3000);
      parts.push(`${fence}${pick(['', c.file.split('.').pop() ?? '', 'nonsense'])}\n${body}${chance(0.3) ? '' : `\n${fence}`}`);
    } else if (r < 0.7) {
      parts.push(Array.from({ length: 1 + int(60) }, (_, d) => `${' '.repeat(chance(0.8) ? d * 2 : int(10))}- ${pick(WORDS)} ${pick(WORDS)}`).join('\n'));
    } else if (r < 0.85) parts.push(`Use \`\`\`${pick(WORDS)}\`\`\` and \`${pick(WORDS)}\` inline, ${pick(WORDS)} ${pick(WORDS)}.`);
    else parts.push(`# ${pick(WORDS)}\n\n> ${pick(WORDS)} ${pick(WORDS)}`);
  }
  return parts.join(pick(['\n\n', '\n', '']));
}

function options(odd: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (chance(0.6)) o.rate = chance(0.1) ? pick([0, 1.5, -1, Number.NaN, '0.5', null]) : Math.max(0.01, Math.round(rand() * 100) / 100);
  if (chance(0.4)) o.targetTokens = chance(0.1) ? pick([0, -3, 2.5, '10', {}]) : 1 + int(chance(0.3) ? 20 : 2000);
  if (chance(0.3)) o.mode = chance(0.1) ? pick(['prose', 5, '']) : pick(['auto', 'text', 'code']);
  if (chance(0.3)) o.language = pick(ODD_LANGS);
  if (chance(0.2)) o.preset = pick(['context', 'repair', 'assertion', 'suggestion']);
  if (chance(0.2)) o.tokenizer = pick(['o200k_base', 'cl100k_base']);
  if (chance(0.2)) o.question = pick(WORDS);
  if (odd) {
    const key = pick(['question', 'language', 'filename', 'mode', 'preset', 'tokenizer', 'forceTokens', 'forceDigits', 'threads', 'aggregation']);
    o[key] = pick([5, {}, [], null, true, 'x', ['a', 1], 1.5]);
  }
  return o;
}

// ---------- contracts ----------
interface Case {
  kind: string;
  input: string;
  options: Record<string, unknown>;
}

const INTERNAL =
  /is not a function|Cannot read propert|Cannot convert|undefined is not|is not defined|Maximum call stack|out of memory|\bat .*\.(ts|js):\d+|RangeError|TypeError|ReferenceError/;

function expectedError(e: unknown): string | undefined {
  if (!(e instanceof TersifyError))
    return `not a TersifyError: ${String((e as Error)?.stack ?? e)
      .split('\n')
      .slice(0, 3)
      .join(' | ')}`;
  if (e.code === 'internal') return `internal error: ${e.message}`;
  if (INTERNAL.test(e.message)) return `internal text in error: ${e.message}`;
  if (e.message.includes('\n')) return `error of several lines: ${JSON.stringify(e.message)}`;
  return undefined;
}

/**
 * No fused tokens (issue 13): the letters and digits of every output chunk (split at whitespace, pipes and link
 * syntax) are those of part of one input chunk; "96.4%0.7" from "96.4% | −0.7" fails ("96407"), a shorter run of
 * punctuation does not.
 */
const letters = (s: string) => s.replace(/[^\p{L}\p{M}\p{N}_\n]/gu, '');
function fusedToken(input: string, output: string): string | undefined {
  const chunks = letters(`\n${input.split(/[\s|]+/u).join('\n')}\n`);
  for (const chunk of output.split(/[\s|]+|\]\(|\]\[|!?\[/u)) {
    const core = letters(chunk.replaceAll(ELISION, ''));
    if (core && !chunks.includes(core)) return chunk;
  }
  return undefined;
}

function checkResult(c: Case, r: CompressionResult): string | undefined {
  if (!isFaithful(c.input, r.compressed)) return 'not faithful';
  if (/[\ud800-\udbff][\udc00-\udfff]/.test(r.compressed)) {
    // a pair in the output that is not in the input: two lone halves glued by a deletion
    for (const m of r.compressed.matchAll(/[\ud800-\udbff][\udc00-\udfff]/g)) if (!c.input.includes(m[0])) return 'lone surrogates glued into a new character';
  }
  if (r.mode === 'text') {
    const f = fusedToken(c.input, r.compressed);
    if (f) return `fused tokens: ${JSON.stringify(f)}`;
  }
  const count = countTokens(r.compressed, r.tokenizer);
  if (count !== r.compressedTokens) return `compressedTokens ${r.compressedTokens} but the text counts ${count}`;
  const noted = r.notes.some(isBudgetNote); // other notes (fallbacks, what was elided) do not excuse a miss
  if (r.compressedTokens > r.budget && r.budget < r.originalTokens && !noted) return `over budget without a note: ${r.compressedTokens} > ${r.budget}`;
  const floor = budgetTolerance(r.budget).min;
  if (r.compressedTokens < floor && !noted) return `under budget by more than 5% without a note: ${r.compressedTokens} < ${floor} (budget ${r.budget})`;
  return undefined;
}

async function runLibrary(c: Case): Promise<string | undefined> {
  const t0 = performance.now();
  let violation: string | undefined;
  try {
    const r = await compress(c.input, c.options as CompressOptions);
    violation = checkResult(c, r);
  } catch (e) {
    violation = expectedError(e);
  }
  const ms = performance.now() - t0;
  if (!violation && ms > HANG_MS && c.input.length < 100_000) violation = `took ${Math.round(ms)} ms for ${c.input.length} characters`;
  return violation;
}

async function runFiles(c: Case): Promise<string | undefined> {
  // the input is split into "files" at random cut points
  const cuts = Array.from({ length: int(6) }, () => int(c.input.length)).sort((a, b) => a - b);
  const files = [0, ...cuts].map((start, i, all) => ({
    path: `dir/f${i}.${pick(['ts', 'py', 'md', 'txt', 'go'])}`,
    text: c.input.slice(start, all[i + 1] ?? c.input.length),
  }));
  try {
    const r = await compressFiles(files, c.options as CompressOptions);
    if (countTokens(r.text, (c.options.tokenizer as never) ?? undefined) !== r.compressedTokens) return 'files: compressedTokens is not the count of text';
    for (const f of r.files)
      if (f.result && !isFaithful(files.find((x) => x.path === f.path)!.text, f.result.compressed)) return `files: ${f.path} not faithful`;
    for (const f of r.files) if (f.error && INTERNAL.test(f.error)) return `files: internal text in ${f.error}`;
    return undefined;
  } catch (e) {
    return expectedError(e);
  }
}

/** Malformed and odd JSONL through the built CLI: every line answered with one JSON object, exit 0. */
async function runJsonl(lines: string[]): Promise<string | undefined> {
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'compress', '--jsonl'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(lines.join('\n'));
  });
  if (out.code !== 0) return `jsonl: exit ${out.code}: ${out.stderr.slice(0, 300)}`;
  const replies = out.stdout.split('\n').filter((l) => l.trim() !== '');
  const expected = lines.filter((l) => l.trim() !== '').length;
  if (replies.length !== expected) return `jsonl: ${replies.length} replies to ${expected} requests`;
  for (const r of replies) {
    let j: { error?: string };
    try {
      j = JSON.parse(r);
    } catch {
      return `jsonl: a reply is not JSON: ${r.slice(0, 200)}`;
    }
    if (j.error && INTERNAL.test(j.error)) return `jsonl: internal text: ${j.error}`;
  }
  return undefined;
}

function jsonlLines(): string[] {
  return Array.from({ length: 1 + int(12) }, (_, i) => {
    const r = rand();
    if (r < 0.15) return pick(['{', 'null', '[]', '"x"', '{"id":1}', '{"id":"a"}', '{"id":"a","text":5}', '{"id":"a","text":"x","bogus":1}', 'not json']);
    if (r < 0.3) return JSON.stringify({ id: `r${i}`, text: randomUnicode().slice(0, 300), ...options(true) });
    return JSON.stringify({
      id: `r${i}`,
      text: chance(0.5) ? randomUnicode().slice(0, 500) : mutateCode(pick(CODE).text).slice(0, 1500),
      ...options(chance(0.2)),
    });
  });
}

/** Malformed MCP messages through the server's own transport: every line with an id (or unparseable) answered. */
async function runMcp(lines: string[]): Promise<string | undefined> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (d) => (text += d));
  const server = createMcpServer({}, root);
  const transport = new LineTransport(input, output);
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
  });
  await server.connect(transport);
  const init = {
    jsonrpc: '2.0',
    id: 'init',
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
  };
  input.write(`${JSON.stringify(init)}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n`);
  for (const l of lines) input.write(`${l}\n`);
  // replies to requests come asynchronously: wait until every id has one (or time out)
  const ids = new Set<string>();
  let unparseable = 0;
  for (const l of lines) {
    try {
      const m = JSON.parse(l);
      if (m && typeof m === 'object' && 'id' in m && (typeof m.id === 'string' || typeof m.id === 'number') && 'method' in m) ids.add(String(m.id));
      else if (!(m && typeof m === 'object' && m.jsonrpc === '2.0' && typeof m.method === 'string')) unparseable++;
    } catch {
      unparseable++;
    }
  }
  const t0 = Date.now();
  const replies = () =>
    text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id?: unknown; error?: { message: string }; result?: { content?: { text: string }[] } });
  while (Date.now() - t0 < HANG_MS) {
    const got = replies();
    const answered = new Set(got.map((r) => String(r.id)));
    const nulls = got.filter((r) => r.id === null).length;
    if ([...ids].every((id) => answered.has(id)) && nulls >= unparseable) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  input.end();
  await closed;
  const got = replies();
  const answered = new Set(got.map((r) => String(r.id)));
  const missing = [...ids].filter((id) => !answered.has(id));
  if (missing.length) return `mcp: no reply to id(s) ${missing.join(', ')}`;
  for (const r of got) {
    const t = r.error?.message ?? r.result?.content?.[0]?.text ?? '';
    if (INTERNAL.test(t) && !r.result) return `mcp: internal text: ${t.slice(0, 200)}`;
  }
  return undefined;
}

function mcpLines(): string[] {
  return Array.from({ length: 1 + int(8) }, (_, i) => {
    const r = rand();
    if (r < 0.3)
      return pick([
        '{',
        '[]',
        'null',
        '{"jsonrpc":"1.0","id":1,"method":"x"}',
        '{"jsonrpc":"2.0","id":{},"method":"tools/list"}',
        '"\\ud800"',
        '{"jsonrpc":"2.0"}',
        'garbage',
      ]);
    if (r < 0.45) return JSON.stringify({ jsonrpc: '2.0', id: i + 10, method: pick(['tools/list', 'nope', 'resources/list', 'ping']) });
    const args = chance(0.5)
      ? { text: chance(0.2) ? pick([5, null, {}]) : randomUnicode().slice(0, 300), ...options(chance(0.3)) }
      : {
          paths: chance(0.2)
            ? pick(['x', [], [5]])
            : [pick(['README.md', '../../etc/passwd', '/dev/zero', '..notes.md', 'src', 'test/fixtures/code/cart.php'])],
          ...options(false),
        };
    return JSON.stringify({
      jsonrpc: '2.0',
      id: i + 100,
      method: 'tools/call',
      params: { name: 'text' in args ? 'compress_text' : 'compress_files', arguments: args },
    });
  });
}

// ---------- minimisation ----------
async function minimise(c: Case, check: (c: Case) => Promise<string | undefined>, deadline: number): Promise<Case> {
  let best = c;
  for (let chunk = Math.max(1, Math.floor(best.input.length / 2)); chunk >= 1 && Date.now() < deadline; chunk = Math.floor(chunk / 2)) {
    for (let at = 0; at < best.input.length && Date.now() < deadline; ) {
      const candidate = { ...best, input: best.input.slice(0, at) + best.input.slice(at + chunk) };
      if (candidate.input !== best.input && (await check(candidate))) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

// ---------- main ----------
const keyOf = (kind: string, violation: string) => `${kind}:${violation.split(':')[0]}`;

interface Failure {
  kind: string;
  violation: string;
  seed: number;
  case: number;
  repro: unknown;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const end = started + SECONDS * 1000;
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const tally: Record<string, number> = {};
  let violations = 0;
  const byKey: Record<string, number> = {};
  let n = 0;
  for (; n < MAX && Date.now() < end; n++) {
    const kind = KINDS[n % KINDS.length];
    if (kind === 'jsonl' && n % (KINDS.length * 10) !== KINDS.indexOf('jsonl')) continue; // a process per batch: less often
    tally[kind] = (tally[kind] ?? 0) + 1;
    let violation: string | undefined;
    let repro: unknown;
    if (kind === 'jsonl') {
      const lines = jsonlLines();
      violation = await runJsonl(lines);
      repro = { lines };
    } else if (kind === 'mcp') {
      const lines = mcpLines();
      violation = await runMcp(lines);
      repro = { lines };
    } else {
      const input =
        kind === 'unicode'
          ? randomUnicode()
          : kind === 'code'
            ? mutateCode(pick(CODE).text)
            : kind === 'markdown'
              ? markdown()
              : chance(0.5)
                ? randomUnicode()
                : mutateCode(pick(CODE).text);
      const opts = options(kind === 'options' && chance(0.5));
      if (kind === 'code' && chance(0.7)) opts.language = pick(ODD_LANGS.slice(0, 13));
      const c: Case = { kind, input, options: opts };
      const check = kind === 'files' ? runFiles : runLibrary;
      violation = await check(c);
      if (violation && !seen.has(keyOf(kind, violation))) {
        const kindOf = (v: string | undefined) => v?.split(':')[0];
        const small = await minimise(c, async (x) => (kindOf(await check(x)) === kindOf(violation) ? 'same' : undefined), Date.now() + 20_000);
        repro = { input: small.input, options: small.options, violation: await check(small), original: { violation, input, options: opts } };
      }
    }
    if (violation) {
      violations++;
      const key = keyOf(kind, violation);
      byKey[key] = (byKey[key] ?? 0) + 1;
      if (seen.has(key)) continue;
      seen.add(key);
      const f: Failure = { kind, violation, seed: SEED, case: n, repro };
      failures.push(f);
      const name = createHash('sha256').update(key).digest('hex').slice(0, 12);
      writeFileSync(join(OUT, `${kind}-${name}.json`), `${JSON.stringify(f, null, 2)}\n`);
      console.log(`✗ ${kind} #${n}: ${violation}`);
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `fuzz: seed ${SEED}, ${n} inputs in ${secs} s (${JSON.stringify(tally)}), ${violations} violation(s), ${failures.length} distinct${failures.length ? `; repros in ${OUT}` : ''}`,
  );
  for (const [k, v] of Object.entries(byKey)) console.log(`  ${v} × ${k}`);
  process.exit(violations ? 1 : 0);
}

void main();
