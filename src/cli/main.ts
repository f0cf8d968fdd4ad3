/** `tersify` command line: a thin front end over src/core. */
import { createReadStream } from 'node:fs';
import { compress } from '../core/compress';
import { TersifyError } from '../core/errors';
import { checkOptions } from '../core/options';
import { decodeInput, MAX_INPUT_CHARS, readLimited } from '../core/input';
import { boundedLines } from './lines';
import { scoreText } from '../core/text';
import { languageRow, prefetchLanguage, resolveLanguage } from '../core/code';
import type { CompressOptions, CompressionResult } from '../core/types';
import { HELP, parseArgs, type CliArgs } from './args';
import { tokensChange } from '../core/savings';
import { version } from '../../package.json';

/** FILE or stdin, read up to the input limit (a FIFO or `<(command)` works; /dev/zero or endless stdin is refused). */
async function readInput(file: string | undefined): Promise<{ text: string; warning?: string }> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) throw new TersifyError('usage', 'no input: give a FILE or pipe text into stdin (see tersify --help)');
    const bytes = await readLimited(process.stdin);
    process.stdin.destroy();
    return decodeInput(bytes);
  }
  const stream = createReadStream(file);
  try {
    return decodeInput(await readLimited(stream));
  } catch (e) {
    if (e instanceof TersifyError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new TersifyError('usage', code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${why}`);
  } finally {
    stream.destroy();
  }
}

function write(line: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(line)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function jsonResult(r: CompressionResult) {
  return {
    compressed: r.compressed,
    originalTokens: r.originalTokens,
    compressedTokens: r.compressedTokens,
    ratio: Number(r.ratio.toFixed(4)),
    mode: r.mode,
    ...(r.language ? { language: r.language } : {}),
    ms: Math.round(r.ms * 10) / 10,
  };
}

/** Code: the grammar's wasm compiles in the background while the tokenizer loads (first result sooner). */
function prefetchGrammar(options: CompressOptions, text: string): void {
  if (options.mode === 'text') return;
  const { id } = resolveLanguage({ language: options.language, filename: options.filename, text: options.mode === 'code' ? text : undefined });
  prefetchLanguage(languageRow(id));
}

async function compressOne(args: CliArgs): Promise<void> {
  const input = await readInput(args.file);
  const options: CompressOptions = { ...args.options };
  if (args.file && args.file !== '-') options.filename = args.file;
  prefetchGrammar(options, input.text);
  const r = await compress(input.text, options);
  if (input.warning) r.notes.unshift(input.warning);
  if (args.json) {
    await write(
      JSON.stringify({
        ...jsonResult(r),
        budget: r.budget,
        tokenizer: r.tokenizer,
        provider: r.provider,
        model: r.model,
        segments: r.segments,
        notes: r.notes,
        spans: r.spans,
      }) + '\n',
    );
    return;
  }
  await write(r.compressed.endsWith('\n') || r.compressed === '' ? r.compressed : r.compressed + '\n');
  if (!args.quiet) {
    const engine = [r.mode, r.language, r.provider && `onnxruntime:${r.provider}`].filter(Boolean).join(', ');
    process.stderr.write(`tersify: ${tokensChange(r.originalTokens, r.compressedTokens)} [${r.tokenizer}; ${engine}; ${Math.round(r.ms)} ms]\n`);
    for (const n of r.notes) process.stderr.write(`tersify: note: ${n}\n`);
  }
}

async function scoreOne(args: CliArgs): Promise<void> {
  const input = await readInput(args.file);
  const s = await scoreText(input.text, { ...args.options });
  await write(JSON.stringify({ words: s.words, provider: s.provider, model: s.model }) + '\n');
}

/** A JSONL request line: the input limit plus room for the other fields. */
const MAX_REQUEST_BYTES = MAX_INPUT_CHARS + 64 * 1024;

const REQUEST_KEYS = new Set(['id', 'text', 'rate', 'targetTokens', 'question', 'mode', 'language', 'preset', 'tokenizer', 'filename', 'protect']);

async function batch(args: CliArgs): Promise<void> {
  for await (const item of boundedLines(process.stdin, MAX_REQUEST_BYTES)) {
    if ('tooLong' in item) {
      await write(JSON.stringify({ id: null, error: `request too large (${item.tooLong} bytes; the limit is ${MAX_REQUEST_BYTES} bytes)` }) + '\n');
      continue;
    }
    const line = item.line;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      let req: Record<string, unknown>;
      try {
        req = JSON.parse(line);
      } catch {
        throw new TersifyError('usage', 'request is not valid JSON');
      }
      if (typeof req !== 'object' || req === null || Array.isArray(req)) throw new TersifyError('usage', 'request must be a JSON object');
      id = req.id ?? null;
      if (typeof req.id !== 'string') throw new TersifyError('usage', 'request needs a string "id"');
      if (typeof req.text !== 'string') throw new TersifyError('usage', 'request needs a string "text"');
      const unknown = Object.keys(req).filter((k) => !REQUEST_KEYS.has(k));
      if (unknown.length) throw new TersifyError('usage', `unknown field(s): ${unknown.join(', ')}`);
      const { id: _id, text, ...fields } = req;
      const options = { ...args.options, ...fields };
      checkOptions(options);
      if (args.command === 'score') {
        const s = await scoreText(text, options);
        await write(JSON.stringify({ id, words: s.words }) + '\n');
      } else {
        prefetchGrammar(options as CompressOptions, text);
        const r = await compress(text, options);
        await write(JSON.stringify({ id, ...jsonResult(r) }) + '\n');
      }
    } catch (e) {
      await write(JSON.stringify({ id, error: e instanceof Error ? e.message : String(e) }) + '\n');
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        await write(HELP);
        return 0;
      case 'version':
        await write(`tersify ${version}\n`);
        return 0;
      case 'mcp':
        // Loaded on demand: the MCP SDK (and its schema libraries) would add to every other command's start.
        await (await import('./mcp/server')).runMcpServer(args.options);
        // stdin closed: nobody is left to answer, so a call still running (a slow read) must not keep us alive.
        return process.exit(0);
      default:
        if (args.jsonl) await batch(args);
        else if (args.command === 'score') await scoreOne(args);
        else await compressOne(args);
        return 0;
    }
  } catch (e) {
    const usage = e instanceof TersifyError && e.code === 'usage';
    process.stderr.write(`tersify: ${e instanceof Error ? e.message : String(e)}\n`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tersify: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
