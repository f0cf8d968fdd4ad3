/**
 * The language table: one row per language (VS Code ids, extensions, fence tags, grammar, node-type
 * map). Adding a language = a row here + a map in maps/. Also language resolution from hints.
 */
import type { LanguageHints, LanguageResolution } from '../engines';
import { PROSE_LANGUAGE_IDS } from '../vocabulary';
import { bash } from './maps/bash';
import { c } from './maps/c';
import type { NodeTypeMap } from './maps/common';
import { cpp } from './maps/cpp';
import { csharp } from './maps/csharp';
import { go } from './maps/go';
import { java } from './maps/java';
import { javascript } from './maps/javascript';
import { php } from './maps/php';
import { python } from './maps/python';
import { ruby } from './maps/ruby';
import { rust } from './maps/rust';
import { typescript } from './maps/typescript';

export interface LanguageRow {
  /** VS Code language id. */
  id: string;
  /** Other names accepted as an explicit id (lower case). */
  aliases: readonly string[];
  /** Markdown fence tags (lower case). */
  fences: readonly string[];
  /** File extensions with the dot (lower case), and whole file names. */
  extensions: readonly string[];
  filenames?: readonly string[];
  /** Interpreter names in a `#!` line. */
  shebang?: readonly string[];
  /** Grammar file in grammars/. */
  grammar: string;
  map: NodeTypeMap;
}

export const LANGUAGE_TABLE: readonly LanguageRow[] = [
  {
    id: 'typescript',
    aliases: ['ts'],
    fences: ['ts', 'typescript', 'mts', 'cts'],
    extensions: ['.ts', '.mts', '.cts'],
    shebang: ['ts-node', 'tsx', 'deno', 'bun'],
    grammar: 'tree-sitter-typescript.wasm',
    map: typescript,
  },
  { id: 'typescriptreact', aliases: ['tsx'], fences: ['tsx'], extensions: ['.tsx'], grammar: 'tree-sitter-tsx.wasm', map: typescript },
  {
    id: 'javascript',
    aliases: ['js', 'node'],
    fences: ['js', 'javascript', 'mjs', 'cjs', 'node'],
    extensions: ['.js', '.mjs', '.cjs'],
    shebang: ['node', 'nodejs'],
    grammar: 'tree-sitter-javascript.wasm',
    map: javascript,
  },
  { id: 'javascriptreact', aliases: ['jsx'], fences: ['jsx'], extensions: ['.jsx'], grammar: 'tree-sitter-javascript.wasm', map: javascript },
  {
    id: 'python',
    aliases: ['py', 'python3'],
    fences: ['py', 'python', 'python3', 'py3', 'pyi'],
    extensions: ['.py', '.pyi', '.pyw'],
    shebang: ['python', 'python3', 'python2'],
    grammar: 'tree-sitter-python.wasm',
    map: python,
  },
  { id: 'java', aliases: [], fences: ['java'], extensions: ['.java'], grammar: 'tree-sitter-java.wasm', map: java },
  { id: 'go', aliases: ['golang'], fences: ['go', 'golang'], extensions: ['.go'], grammar: 'tree-sitter-go.wasm', map: go },
  { id: 'rust', aliases: ['rs'], fences: ['rs', 'rust'], extensions: ['.rs'], grammar: 'tree-sitter-rust.wasm', map: rust },
  { id: 'c', aliases: [], fences: ['c', 'h'], extensions: ['.c', '.h'], grammar: 'tree-sitter-c.wasm', map: c },
  {
    id: 'cpp',
    aliases: ['c++'],
    fences: ['cpp', 'c++', 'cc', 'cxx', 'hpp', 'hxx', 'hh'],
    extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.inl'],
    grammar: 'tree-sitter-cpp.wasm',
    map: cpp,
  },
  { id: 'csharp', aliases: ['cs', 'c#'], fences: ['cs', 'csharp', 'c#'], extensions: ['.cs', '.csx'], grammar: 'tree-sitter-c_sharp.wasm', map: csharp },
  {
    id: 'ruby',
    aliases: ['rb'],
    fences: ['rb', 'ruby'],
    extensions: ['.rb', '.rake', '.gemspec', '.ru'],
    filenames: ['rakefile', 'gemfile', 'podfile', 'vagrantfile'],
    shebang: ['ruby'],
    grammar: 'tree-sitter-ruby.wasm',
    map: ruby,
  },
  {
    id: 'php',
    aliases: [],
    fences: ['php', 'phtml'],
    extensions: ['.php', '.phtml', '.php8', '.inc'],
    shebang: ['php'],
    grammar: 'tree-sitter-php.wasm',
    map: php,
  },
  {
    id: 'shellscript',
    aliases: ['sh', 'bash', 'shell', 'zsh'],
    fences: ['sh', 'bash', 'shell', 'shellscript', 'zsh', 'ksh'],
    extensions: ['.sh', '.bash', '.zsh', '.ksh'],
    filenames: ['.bashrc', '.bash_profile', '.profile', '.zshrc'],
    shebang: ['sh', 'bash', 'zsh', 'ksh', 'dash'],
    grammar: 'tree-sitter-bash.wasm',
    map: bash,
  },
];

/** The VS Code language ids the code compressor supports. */
export const SUPPORTED_LANGUAGES: readonly string[] = LANGUAGE_TABLE.map((r) => r.id);

const byId = new Map<string, LanguageRow>();
const byFence = new Map<string, LanguageRow>();
const byExtension = new Map<string, LanguageRow>();
const byFilename = new Map<string, LanguageRow>();
const byInterpreter = new Map<string, LanguageRow>();
for (const row of LANGUAGE_TABLE) {
  byId.set(row.id, row);
  for (const a of row.aliases) if (!byId.has(a)) byId.set(a, row);
  for (const f of row.fences) if (!byFence.has(f)) byFence.set(f, row);
  for (const e of row.extensions) byExtension.set(e, row);
  for (const f of row.filenames ?? []) byFilename.set(f, row);
  for (const s of row.shebang ?? []) byInterpreter.set(s, row);
}

export function languageRow(id: string | undefined): LanguageRow | undefined {
  return id === undefined ? undefined : byId.get(id.toLowerCase());
}

/** Language ids that mean prose, never code (one list for the engine and the editor: vocabulary.ts). */
const PROSE_IDS: ReadonlySet<string> = new Set(PROSE_LANGUAGE_IDS);

function fromExtension(filename: string): { row?: LanguageRow; ext?: string } {
  const base = filename.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const named = byFilename.get(base);
  if (named) return { row: named };
  const dot = base.lastIndexOf('.');
  if (dot <= 0 && !base.startsWith('.')) return {};
  const ext = base.slice(Math.max(dot, 0));
  return { row: byExtension.get(ext), ext };
}

/**
 * Which supported language a piece of text is in: explicit id → fence tag → file extension →
 * content sniffing. `source: 'none'` (id undefined) means "not recognisably code" (e.g. prose).
 */
export function resolveLanguage(hints: LanguageHints): LanguageResolution {
  let unsupported: string | undefined;
  const explicit = hints.language?.trim();
  if (explicit) {
    const row = byId.get(explicit.toLowerCase()) ?? byFence.get(explicit.toLowerCase());
    if (row) return { id: row.id, source: 'explicit' };
    if (!PROSE_IDS.has(explicit.toLowerCase())) unsupported = explicit;
  }
  const fence = hints.fenceTag
    ?.trim()
    .split(/[\s{,]/)[0]
    ?.toLowerCase();
  if (fence) {
    const row = byFence.get(fence) ?? byId.get(fence) ?? byExtension.get(`.${fence}`);
    if (row) return { id: row.id, source: 'fence', unsupported };
    if (!PROSE_IDS.has(fence)) unsupported ??= fence;
  }
  if (hints.filename) {
    const { row, ext } = fromExtension(hints.filename);
    if (row) return { id: row.id, source: 'extension', unsupported };
    if (ext && !['.txt', '.md', '.markdown', '.rst'].includes(ext)) unsupported ??= ext;
  }
  if (hints.text) {
    const id = sniffLanguage(hints.text);
    if (id) return { id, source: 'content', unsupported };
  }
  return { id: undefined, source: 'none', unsupported };
}

/** [language id, weight, pattern] — evidence for a language in the first few KB of a text. */
const SNIFF_RULES: readonly [string, number, RegExp][] = [
  ['python', 4, /^[ \t]*def [A-Za-z_]\w*\s*\([^)\n]*\)\s*(->\s*[^:\n]+)?:\s*(#.*)?$/m],
  ['python', 3, /^[ \t]*class [A-Za-z_]\w*(\([^)\n]*\))?:\s*$/m],
  ['python', 3, /^(from [\w.]+ import [\w*, ()]+|import [\w.]+( as \w+)?)\s*$/m],
  ['python', 3, /^if __name__ == ['"]__main__['"]:/m],
  ['python', 1, /^[ \t]+(elif .+|else|try|except[^:\n]*|finally):\s*$/m],
  ['python', 1, /\bself\.\w+/],
  ['java', 4, /^package [\w.]+;\s*$/m],
  ['java', 3, /^import (static )?java[x]?\.[\w.*]+;\s*$/m],
  ['java', 3, /\b(public|private|protected)( static)?( final)? [\w<>[\], ]+ \w+\([^)\n]*\)( throws [\w., ]+)? *\{/],
  ['java', 2, /\bSystem\.out\.print/],
  ['csharp', 4, /^using System(\.[\w.]+)?;\s*$/m],
  ['csharp', 3, /^namespace [\w.]+\s*(;|\{)?\s*$/m],
  ['csharp', 2, /\{ *get; *(private )?set; *\}/],
  ['csharp', 2, /\bConsole\.Write(Line)?\(/],
  ['go', 4, /^package [a-z_]\w*\s*$/m],
  ['go', 4, /^func (\(\w+ \*?[\w.[\]]+\) )?\w+\(/m],
  ['go', 2, /\w+ := /],
  ['go', 2, /\bfmt\.(Print|Sprint|Errorf)/],
  ['rust', 4, /^[ \t]*(pub(\([\w ]+\))? )?(async )?fn \w+(<[^>\n]*>)?\(/m],
  ['rust', 3, /^use (std|crate|super|self)::/m],
  ['rust', 2, /\blet mut \w+/],
  ['rust', 2, /^[ \t]*impl(<[^>\n]*>)? [\w:<>]+( for [\w:<>]+)? *\{/m],
  ['rust', 2, /\b(println|format|vec|panic)!\(/],
  ['c', 3, /^#include *<(stdio|stdlib|string|unistd|stdint|stddef|errno|math|assert|signal|fcntl)\.h>/m],
  ['c', 2, /^#(define|ifdef|ifndef|endif|pragma)\b/m],
  ['c', 2, /\b(printf|fprintf|malloc|free|sizeof)\(/],
  ['c', 2, /^(static )?(int|void|char|double|float|long|unsigned|size_t|struct \w+) \**\w+\([^)\n]*\)\s*\{?\s*$/m],
  ['cpp', 4, /^#include *<(iostream|vector|string|map|memory|algorithm|unordered_map|cstdio|cstdlib)>/m],
  ['cpp', 3, /\bstd::\w+/],
  ['cpp', 2, /^[ \t]*template *</m],
  ['cpp', 2, /^namespace \w+ *\{/m],
  ['ruby', 3, /^[ \t]*def [\w.]+[?!]?(\(.*\))?\s*$/m],
  ['ruby', 2, /^[ \t]*end\s*$/m],
  ['ruby', 3, /^require(_relative)? ['"][\w/.-]+['"]\s*$/m],
  ['ruby', 2, /\.each (do )?\|\w+/],
  ['ruby', 2, /^[ \t]*(attr_accessor|attr_reader|module \w+|puts )/m],
  ['php', 8, /^<\?php/m],
  ['php', 2, /\$this->\w+/],
  ['shellscript', 2, /^[ \t]*(if \[\[? .+\]\]?; then|fi|done|esac)\s*$/m],
  ['shellscript', 2, /^[ \t]*(echo|export|source|set -e\w*|cd|mkdir -p|rm -rf?) /m],
  ['shellscript', 1, /\$\{?\w+\}?|\$\(/],
  ['javascript', 4, /^(import .+ from ['"][^'"\n]+['"];?|import ['"][^'"\n]+['"];?)\s*$/m],
  ['javascript', 3, /^(export (default )?(async )?(function|class|const|let)|module\.exports\b)/m],
  ['javascript', 3, /^[ \t]*(const|let|var) \w+ = (require\(|async |\(|function|\{|\[|new )/m],
  ['javascript', 2, /^[ \t]*(async )?function\*? ?\w*\([^)\n]*\) *\{/m],
  ['javascript', 2, /=> *\{|\bconsole\.(log|error|warn)\(/],
  ['typescript', 3, /^[ \t]*(export )?(interface|type) \w+(<[^>\n]*>)? *(=|\{|extends)/m],
  ['typescript', 3, /\w\??: (string|number|boolean|void|unknown|any|Promise<|Record<|readonly )/],
];

const CODE_PUNCTUATION = /[{}();=<>[\]:$]/g;

/**
 * Cheap content sniffing. Returns undefined for prose: a language needs several pieces of evidence
 * (weighted line-level patterns) AND the text must be punctuation-dense like code.
 */
export function sniffLanguage(text: string): string | undefined {
  const sample = text.length > 16384 ? text.slice(0, 16384) : text;
  const first = sample.match(/^#!\s*(\S+)(?:\s+(\S+))?/);
  if (first) {
    const interp = first[1].split('/').pop()!;
    const name = interp === 'env' ? (first[2] ?? '') : interp;
    const row = byInterpreter.get(name.replace(/[\d.]+$/, '')) ?? byInterpreter.get(name);
    if (row) return row.id;
  }
  const scores = new Map<string, number>();
  for (const [id, weight, re] of SNIFF_RULES) {
    if (re.test(sample)) scores.set(id, (scores.get(id) ?? 0) + weight);
  }
  // TypeScript is JavaScript plus types; C++ is C plus more.
  if (scores.has('typescript')) scores.set('typescript', scores.get('typescript')! + (scores.get('javascript') ?? 0));
  if (scores.has('cpp')) scores.set('cpp', scores.get('cpp')! + (scores.get('c') ?? 0));
  let best: string | undefined;
  let bestScore = 0;
  for (const [id, s] of scores) {
    if (s > bestScore) {
      best = id;
      bestScore = s;
    }
  }
  if (!best || bestScore < 4) return undefined;
  const nonSpace = sample.replace(/\s+/g, '').length;
  const punct = sample.match(CODE_PUNCTUATION)?.length ?? 0;
  // Prose has well under 2% of these characters; code several percent.
  if (nonSpace === 0 || punct / nonSpace < 0.025) return undefined;
  return best;
}
