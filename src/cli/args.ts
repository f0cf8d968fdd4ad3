/** Command-line parsing for `tersify`: flags → typed options, with usage errors (exit code 2). */
import { usageError } from '../core/errors';
import type { CompressOptions } from '../core/types';
import {
  AGGREGATIONS,
  DEFAULT_AGGREGATION,
  DEFAULT_EXECUTION_PROVIDER,
  DEFAULT_MODE,
  DEFAULT_PRESET,
  DEFAULT_RATE,
  DEFAULT_TOKENIZER,
  EXECUTION_PROVIDERS,
  isOneOf,
  MODES,
  PRESETS,
  PROTECT_GROUPS,
  TOKENIZERS,
} from '../core/vocabulary';

export type Command = 'compress' | 'score' | 'mcp' | 'help' | 'version';

export interface CliArgs {
  command: Command;
  file?: string;
  json: boolean;
  jsonl: boolean;
  quiet: boolean;
  options: CompressOptions;
}

type FlagKind = 'number' | 'int' | 'string' | 'bool' | 'list' | 'protect';
const FLAGS: Record<string, { key: string; kind: FlagKind }> = {
  '--rate': { key: 'rate', kind: 'number' },
  '--target-tokens': { key: 'targetTokens', kind: 'int' },
  '--question': { key: 'question', kind: 'string' },
  '--mode': { key: 'mode', kind: 'string' },
  '--language': { key: 'language', kind: 'string' },
  '--preset': { key: 'preset', kind: 'string' },
  '--tokenizer': { key: 'tokenizer', kind: 'string' },
  '--model': { key: 'model', kind: 'string' },
  '--provider': { key: 'executionProvider', kind: 'string' },
  '--threads': { key: 'threads', kind: 'int' },
  '--force-tokens': { key: 'forceTokens', kind: 'list' },
  '--force-digits': { key: 'forceDigits', kind: 'bool' },
  '--no-drop-consecutive': { key: 'dropConsecutive', kind: 'bool' },
  '--per-chunk': { key: 'perChunk', kind: 'bool' },
  '--aggregation': { key: 'aggregation', kind: 'string' },
  '--protect': { key: 'protect', kind: 'protect' },
};

function parseValue(flag: string, kind: FlagKind, raw: string | undefined): unknown {
  if (raw === undefined) throw usageError(`${flag} needs a value`);
  switch (kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw usageError(`${flag} expects a number, got "${raw}"`);
      return n;
    }
    case 'int': {
      const n = Number(raw);
      if (!/^\d+$/.test(raw.trim())) throw usageError(`${flag} expects a whole number, got "${raw}"`);
      return n;
    }
    case 'protect':
      // "all", "none" or groups; the engine's option check names a wrong group
      return raw === 'all' ? [...PROTECT_GROUPS] : raw === 'none' || raw === '' ? [] : raw.split(',').map((s) => s.trim());
    case 'list':
      // JSON-style escapes so that "\n" can be given on a command line
      return raw.split(',').map((s) => s.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
    default:
      return raw;
  }
}

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { command: 'help', json: false, jsonl: false, quiet: false, options: {} };
  const rest = [...argv];
  const first = rest[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return out;
  if (first === '--version' || first === '-v') return { ...out, command: 'version' };
  if (first !== 'compress' && first !== 'score' && first !== 'mcp') {
    throw usageError(`unknown command "${first}" (expected compress, score or mcp; see tersify --help)`);
  }
  out.command = first;
  rest.shift();
  const opts = out.options as Record<string, unknown>;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === '--help' || name === '-h') return { ...out, command: 'help' };
    if (name === '--json') out.json = true;
    else if (name === '--jsonl') out.jsonl = true;
    else if (name === '--quiet' || name === '-q') out.quiet = true;
    else if (FLAGS[name]) {
      const { key, kind } = FLAGS[name];
      if (kind === 'bool') opts[key] = name !== '--no-drop-consecutive';
      else opts[key] = parseValue(name, kind, inline ?? rest.shift());
    } else if (arg.startsWith('-') && arg !== '-') {
      throw usageError(`unknown option "${arg}" (see tersify --help)`);
    } else if (out.file === undefined) out.file = arg;
    else throw usageError(`unexpected argument "${arg}": give one FILE or - for stdin`);
  }
  const provider = out.options.executionProvider;
  if (provider !== undefined && !isOneOf(EXECUTION_PROVIDERS, provider)) {
    throw usageError(`--provider must be one of ${EXECUTION_PROVIDERS.join(', ')}, got "${provider}"`);
  }
  const agg = out.options.aggregation;
  if (agg !== undefined && !isOneOf(AGGREGATIONS, agg)) throw usageError(`--aggregation must be ${orList(AGGREGATIONS)}`);
  if (out.command === 'mcp' && (out.file || out.json || out.jsonl)) throw usageError('tersify mcp takes no FILE, --json or --jsonl');
  if (out.jsonl && out.file) throw usageError('--jsonl reads requests from stdin; do not give a FILE');
  if (out.command === 'score' && !out.json && !out.jsonl) throw usageError('tersify score prints JSON: add --json (or --jsonl for a batch)');
  return out;
}

/** "a, b or c" */
function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** The values with "(default)" after the default one. */
function withDefault(values: readonly string[], def: string): string[] {
  return values.map((v) => (v === def ? `${v} (default)` : v));
}

/** Pads a flag column of the help text to its description column. */
function flag(name: string): string {
  return `  ${name.padEnd(24)} `;
}

export const HELP = `tersify — compress prompts and code context locally before they reach an LLM

Usage:
  tersify compress [FILE|-] [options]     compress a file or stdin; the result goes to stdout
  tersify score    [FILE|-] --json        word-level keep probabilities of the prose model
  tersify compress --jsonl                batch: one JSON request per stdin line, one result per line
  tersify score    --jsonl                batch scoring
  tersify mcp                             Model Context Protocol server on stdio

Budget (counted in the target LLM's tokenizer; the tighter of the two wins):
  --rate R                 fraction of tokens to KEEP, in (0, 1] (default ${DEFAULT_RATE})
  --target-tokens N        absolute budget in tokens
  --tokenizer NAME         ${orList(withDefault(TOKENIZERS, DEFAULT_TOKENIZER))}

What to compress:
${flag(`--mode ${MODES.join('|')}`)}${DEFAULT_MODE} (default): fenced code → code compressor, prose → model
  --language ID            VS Code language id for code (typescript, python, java, go, rust, c, cpp,
                           csharp, ruby, php, javascript, shellscript, ...); else from FILE's extension
  --preset NAME            code removal order: ${withDefault(PRESETS, DEFAULT_PRESET).join(', ')}
  --question Q             question-aware: keep what is relevant to Q

Prose model:
  --model DIR              ONNX token-classification model folder (default: the bundled model)
  --provider P             ${withDefault(EXECUTION_PROVIDERS, DEFAULT_EXECUTION_PROVIDER).join(', ')}; falls back to cpu with a reason
  --threads N              ONNX Runtime intra-op threads (0 = runtime default)
  --force-tokens LIST      comma-separated strings that survive with their sentence's words
                           (\\n for newline; default \\n,?,.,!)
  --force-digits           keep every word that contains a digit
  --no-drop-consecutive    keep repeated force tokens with nothing kept between them
  --per-chunk              LLMLingua-2's per-chunk threshold instead of the exact global budget
  --protect LIST           fact groups ranked above ordinary words: all (default), none, or any of
                           ${PROTECT_GROUPS.join(',')}
${flag(`--aggregation ${AGGREGATIONS.join('|')}`)}subword → word probability (default ${DEFAULT_AGGREGATION})

Output:
  --json                   one JSON object: compressed text, counts, ratio, mode, spans, notes
  --quiet, -q              no savings line on stderr

Exit codes: 0 success, 2 usage error, 1 other failure (message on stderr).
`;
