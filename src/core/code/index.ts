/** Type-aware code compression (CodePromptZip, generalised with tree-sitter). See README.md here. */
import type { CodeTokenType } from '../types';
import { CLASSES, publicType, typesOfMask, type RemovalClass } from './classes';
import { classify } from './engine';
import { effectiveClass, presetRanks } from './presets';
import type { PresetName } from '../types';

export { compressCode } from './engine';
export { prefetchLanguage } from './parser';
export { languageRow, resolveLanguage, sniffLanguage, SUPPORTED_LANGUAGES, LANGUAGE_TABLE, type LanguageRow } from './languages';
export { PRESET_ORDERS, type PresetSpec } from './presets';
export type { RemovalClass };
export { CLASSES as REMOVAL_CLASSES };

export interface ClassifiedToken {
  start: number;
  end: number;
  text: string;
  /** The type the token is removed with under `preset` (default 'context'). */
  type: CodeTokenType;
  /** Every type the token has (its own kind plus Signature/Invocation roles). */
  types: CodeTokenType[];
}

export interface Classification {
  tokens: ClassifiedToken[];
  /** Language used; undefined when the lexical fallback ran. */
  language?: string;
  notes: string[];
}

/** Every token of `text` with its types (for tests and UIs). Never throws on odd input. */
export async function classifyCode(text: string, language: string | undefined, preset: PresetName = 'context'): Promise<Classification> {
  const { tokens: tok, notes, language: used } = await classify(text, language);
  const rank = presetRanks(preset);
  const tokens: ClassifiedToken[] = new Array(tok.n);
  for (let i = 0; i < tok.n; i++) {
    const s = tok.start[i];
    const e = tok.end[i];
    tokens[i] = { start: s, end: e, text: text.slice(s, e), type: publicType(effectiveClass(tok.mask[i], rank)), types: typesOfMask(tok.mask[i]) };
  }
  return { tokens, language: used, notes };
}
