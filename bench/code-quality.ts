/**
 * Meaning preservation and budget fidelity of the code presets (part of code.bench.ts): per language group,
 * preset and rate — share of kept lines that are verbatim input lines, lines changed, signatures intact,
 * definitions kept by name, files whose output re-parses with no more ERROR/MISSING nodes than the input
 * (`⋯` lines turned into a comment; `...` in Python, where a comment cannot stand for a body), budget error,
 * and the share of results with a note. `context (token-level)` is the previous default, for comparison.
 */
import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { classifyCode, compressCode, PRESET_ORDERS } from '../src/core/code';
import { classify } from '../src/core/code/engine';
import { languageRow } from '../src/core/code/languages';
import { loadLanguage } from '../src/core/code/parser';
import { ELISION } from '../src/core/faithfulness';
import type { PresetName } from '../src/core/types';

export interface QualityGroup {
  name: string;
  files: { path: string; language: string; text?: string }[];
}

const count = tokenCounter('o200k_base');

function errors(node: Node): number {
  let n = node.type === 'ERROR' || node.isMissing ? 1 : 0;
  if (!node.hasError && n === 0) return 0;
  for (const c of node.children) if (c) n += errors(c);
  return n;
}

async function parseErrors(text: string, language: string): Promise<number> {
  const { parser, lang } = await loadLanguage(languageRow(language)!);
  parser.setLanguage(lang.language);
  const tree = parser.parse(text)!;
  try {
    return errors(tree.rootNode);
  } finally {
    tree.delete();
  }
}

const COMMENT: Record<string, string> = { python: '...', ruby: '#', shellscript: '#', php: '//' };

/**
 * Signatures: maximal runs of Signature tokens (a declaration's header) within one statement unit (the deepest
 * unit owning the token's line: consecutive declarations, e.g. bodiless interface methods or struct fields, are
 * separate runs), with the declared name.
 */
export async function signatureRuns(text: string, language: string) {
  const { tokens } = await classifyCode(text, language);
  const { units } = await classify(text, language, true);
  const unitOf = (offset: number) => {
    if (!units) return -1;
    const ls = units.lineStart;
    let lo = 0;
    let hi = ls.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return units.owner[lo];
  };
  const owner = tokens.map((t) => unitOf(t.start));
  const runs: { from: number; to: number; name: string }[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!tokens[i].types.includes('Signature')) {
      i++;
      continue;
    }
    let j = i;
    let name = '';
    const same = (k: number) => k < tokens.length && tokens[k].types.includes('Signature') && owner[k] === owner[i];
    while (same(j)) {
      if (tokens[j].text === '(' && name) break;
      if (tokens[j].types.includes('Identifier')) name = tokens[j].text;
      j++;
    }
    while (same(j)) j++;
    runs.push({ from: i, to: j, name });
    i = j;
  }
  return { tokens, runs };
}

export async function quality(groups: QualityGroup[], rates: number[], presets: (PresetName | 'context-token')[]) {
  const rows: Record<string, unknown>[] = [];
  const ctx = PRESET_ORDERS.context as { granularity: 'statement' | 'token' };
  for (const g of groups) {
    const texts = g.files.map((f) => f.text ?? readFileSync(f.path, 'utf8'));
    const sigs = await Promise.all(texts.map((t, k) => signatureRuns(t, g.files[k].language)));
    const inErrors = await Promise.all(texts.map((t, k) => parseErrors(t, g.files[k].language)));
    for (const p of presets) {
      for (const rate of rates) {
        const preset: PresetName = p === 'context-token' ? 'context' : p;
        ctx.granularity = p === 'context-token' ? 'token' : 'statement';
        let keptLines = 0;
        let verbatim = 0;
        let sigPresent = 0;
        let sigIntact = 0;
        let defs = 0;
        let defsKept = 0;
        let reparseOk = 0;
        let noted = 0;
        let budgetErr = 0;
        let over = 0;
        for (const [k, text] of texts.entries()) {
          const language = g.files[k].language;
          const budget = Math.round(count(text) * rate);
          const out = await compressCode({ text, budget, count, tokenizer: 'o200k_base', language, preset });
          const lines = new Set(text.split('\n').map((l) => l.trimEnd()));
          for (const l of out.compressed.split('\n')) {
            const t = l.trimEnd();
            if (!t.trim() || t.trim() === ELISION) continue;
            keptLines++;
            if (lines.has(t)) verbatim++;
          }
          const { runs } = sigs[k];
          for (const r of runs) {
            let kept = 0;
            for (let i = r.from; i < r.to; i++) if (out.spans[i]?.kept) kept++;
            if (kept > 0) {
              sigPresent++;
              if (kept === r.to - r.from) sigIntact++;
            }
            if (r.name) {
              defs++;
              if (new RegExp(`(^|[^\\w$])${r.name.replace(/[$]/g, '\\$')}([^\\w$]|$)`).test(out.compressed)) defsKept++;
            }
          }
          const mark = COMMENT[language] ?? '//';
          const reparsed = out.compressed.replace(/⋯/g, mark === '...' ? '...' : `${mark} ⋯`);
          if ((await parseErrors(reparsed, language)) <= inErrors[k]) reparseOk++;
          if (out.notes.length) noted++;
          budgetErr += Math.abs(out.compressedTokens - budget) / Math.max(1, budget);
          if (out.compressedTokens > budget) over++;
        }
        const n = texts.length;
        rows.push({
          group: g.name,
          preset: p,
          rate,
          files: n,
          verbatimLines: +(verbatim / Math.max(1, keptLines)).toFixed(4),
          changedLines: keptLines - verbatim,
          signaturesIntact: +(sigIntact / Math.max(1, sigPresent)).toFixed(4),
          definitionsKept: +(defsKept / Math.max(1, defs)).toFixed(4),
          reparseNoWorse: +(reparseOk / n).toFixed(4),
          budgetError: +(budgetErr / n).toFixed(4),
          overBudget: over,
          withNote: +(noted / n).toFixed(4),
        });
      }
    }
  }
  ctx.granularity = 'statement';
  return rows;
}
