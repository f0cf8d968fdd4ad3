/** web-tree-sitter, loaded lazily: the runtime once, each grammar once (from grammars/), cached. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { grammarsDir } from '../assets';
import { compileMap, type CompiledMap } from './compile';
import type { LanguageRow } from './languages';

export interface LoadedLanguage {
  language: Language;
  tables: CompiledMap;
}

let runtime: Promise<Parser> | undefined;
/**
 * The Emscripten module behind web-tree-sitter: `Parser.init(options)` turns the options object into
 * the module, so keeping it gives the raw wasm exports (see `RawCursor` in tokens.ts).
 */
let wasmModule: Record<string, unknown> | undefined;
const grammars = new Map<string, Promise<LoadedLanguage>>();

function parser(): Promise<Parser> {
  runtime ??= (async () => {
    const dir = grammarsDir();
    const wasm = join(dir, 'tree-sitter.wasm');
    if (!existsSync(wasm)) throw new Error(`${wasm} is missing (run: node scripts/copy-grammars.mjs)`);
    const options: Record<string, unknown> = { locateFile: () => wasm };
    await Parser.init(options);
    wasmModule = options;
    return new Parser();
  })();
  return runtime;
}

/** The parser and the language of a row; rejects (once, cached) when a grammar cannot be loaded. */
export async function loadLanguage(row: LanguageRow): Promise<{ parser: Parser; lang: LoadedLanguage; wasm?: Record<string, unknown> }> {
  const p = await parser();
  let lang = grammars.get(row.id);
  if (!lang) {
    lang = (async () => {
      const file = join(grammarsDir(), row.grammar);
      if (!existsSync(file)) throw new Error(`grammar ${row.grammar} is missing (run: node scripts/copy-grammars.mjs)`);
      const language = await Language.load(file);
      return { language, tables: compileMap(row.map, language) };
    })();
    grammars.set(row.id, lang);
  }
  return { parser: p, lang: await lang, wasm: wasmModule };
}

/**
 * Starts loading the grammar of `row` without waiting (errors are left to the real load): a front end calls it
 * before work that blocks the thread (loading the target tokenizer), so that the grammar's wasm compiles meanwhile.
 */
export function prefetchLanguage(row: LanguageRow | undefined): void {
  if (row) loadLanguage(row).catch(() => undefined);
}
