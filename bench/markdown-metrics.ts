/**
 * What a reader of compressed Markdown notices, measured on (input, output) pairs independently of the engine's own
 * rules: facts kept verbatim (URLs, inline code, numbers with sign and unit), table rows with all their pipes,
 * list items with their marker, headings with their `#`s, fused token pairs, debris lines and broken links.
 * Fenced code blocks are left out (the code engine's business).
 */
import { lexicalTokens } from '../src/core/faithfulness';

const URL = /(?:https?|ftp):\/\/[^\s<>"'`)\]]+/gu;
const CODE = /(?<!`)(`{1,2})(?!`)[^\n]*?[^`\n]\1(?!`)/gu;
const NUMBER =
  /(?<![\p{L}\p{N}_.\-−+$€£/#])[-−+±]?[$€£¥]?\d+(?:[.,:/\-–]\d+)*(?:\s?(?:%|ms|s|µs|ns|sec|min|h|KB|MB|GB|TB|kB|KiB|MiB|GiB|px|em|rem|pt|x|×|°C|k|M|bytes?|bits?|days?|hours?|minutes?|seconds?|lines?|files?|items?|times?|percent))?(?![\p{L}\p{N}_])/gu;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+\S/;
const HEADING = /^(#{1,6})[ \t]+\S/;
const QUOTE = /^[ \t]*>/;
const DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const CONTENT = /[\p{L}\p{N}]/u;
const OPENERS = /^[([{"'“‘*_~<]+/u;
const CLOSERS = /[.,;:!?)\]}"'”’*_~>]+$/u;

export interface Counts {
  urls: number;
  urlsKept: number;
  code: number;
  codeKept: number;
  numbers: number;
  numbersKept: number;
  tableRows: number;
  tableRowsPiped: number;
  tablesHeaderless: number;
  listItems: number;
  listItemsMarked: number;
  headings: number;
  headingsMarked: number;
  quotes: number;
  quotesMarked: number;
  fused: number;
  debris: number;
  brokenLinks: number;
  lines: number;
}

export function emptyCounts(): Counts {
  return {
    urls: 0,
    urlsKept: 0,
    code: 0,
    codeKept: 0,
    numbers: 0,
    numbersKept: 0,
    tableRows: 0,
    tableRowsPiped: 0,
    tablesHeaderless: 0,
    listItems: 0,
    listItemsMarked: 0,
    headings: 0,
    headingsMarked: 0,
    quotes: 0,
    quotesMarked: 0,
    fused: 0,
    debris: 0,
    brokenLinks: 0,
    lines: 0,
  };
}

export function addCounts(a: Counts, b: Counts): void {
  for (const k of Object.keys(a) as (keyof Counts)[]) a[k] += b[k];
}

interface MdLine {
  text: string;
  fenced: boolean;
}

function mdLines(text: string): MdLine[] {
  let open: string | undefined;
  return text.split(/\r\n|\r|\n/).map((t) => {
    const m = FENCE.exec(t);
    if (m && (open === undefined ? !(m[1][0] === '`' && t.slice(m.index + m[0].length).includes('`')) : m[1][0] === open[0] && m[1].length >= open.length)) {
      open = open === undefined ? m[1] : undefined;
      return { text: t, fenced: true };
    }
    return { text: t, fenced: open !== undefined };
  });
}

function prose(lines: MdLine[]): string {
  return lines
    .filter((l) => !l.fenced)
    .map((l) => l.text)
    .join('\n');
}

function bag(text: string, re: RegExp, map: (s: string) => string = (s) => s): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(re)) {
    const k = map(m[0]);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function kept(a: Map<string, number>, b: Map<string, number>): [number, number] {
  let total = 0;
  let k = 0;
  for (const [x, n] of a) {
    total += n;
    k += Math.min(n, b.get(x) ?? 0);
  }
  return [total, k];
}

const trimUrl = (u: string) => u.replace(/[.,;:!?'"*]+$/u, '');
const withoutUrlsAndCode = (t: string) => t.replace(URL, ' ').replace(CODE, ' ');

function isSubsequence(small: string[], big: string[]): boolean {
  let i = 0;
  for (const t of big) if (i < small.length && t === small[i]) i++;
  return i === small.length;
}

/** Output line → the input line it was cut from (render never merges lines), or -1. */
function align(input: MdLine[], output: MdLine[]): number[] {
  const tokens = input.map((l) => lexicalTokens(l.text));
  let j = 0;
  return output.map((o) => {
    const t = lexicalTokens(o.text);
    if (t.length === 0) return -1;
    for (let k = j; k < input.length; k++) {
      if (isSubsequence(t, tokens[k])) {
        j = k + 1;
        return k;
      }
    }
    return -1;
  });
}

/** Table rows of the input: line index → [table id, 'header' | 'delimiter' | 'body']. */
function tables(lines: MdLine[]): Map<number, [number, string]> {
  const out = new Map<number, [number, string]>();
  let id = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].fenced || lines[i - 1].fenced || !lines[i].text.includes('|') || !DELIMITER.test(lines[i].text) || !lines[i - 1].text.includes('|')) continue;
    out.set(i - 1, [id, 'header']);
    out.set(i, [id, 'delimiter']);
    for (let k = i + 1; k < lines.length && !lines[k].fenced && lines[k].text.includes('|') && lines[k].text.trim() !== ''; k++) out.set(k, [id, 'body']);
    id++;
  }
  return out;
}

const pipes = (s: string) =>
  (
    s
      .replace(/`[^`]*`/g, '')
      .replace(/\\\|/g, '')
      .match(/\|/g) ?? []
  ).length;

export function measure(input: string, output: string): Counts {
  const c = emptyCounts();
  const inLines = mdLines(input);
  const outLines = mdLines(output);
  const inProse = prose(inLines);
  const outProse = prose(outLines);
  [c.urls, c.urlsKept] = kept(bag(inProse, URL, trimUrl), bag(outProse, URL, trimUrl));
  [c.code, c.codeKept] = kept(bag(inProse.replace(URL, ' '), CODE), bag(outProse.replace(URL, ' '), CODE));
  const inNumbers = inLines
    .filter((l) => !l.fenced)
    .map((l) => withoutUrlsAndCode(l.text).replace(LIST, '$1 ').replace(/^#+/, ''))
    .join('\n');
  const outNumbers = outLines
    .filter((l) => !l.fenced)
    .map((l) => withoutUrlsAndCode(l.text).replace(LIST, '$1 ').replace(/^#+/, ''))
    .join('\n');
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  [c.numbers, c.numbersKept] = kept(bag(inNumbers, NUMBER, norm), bag(outNumbers, NUMBER, norm));

  const source = align(inLines, outLines);
  const table = tables(inLines);
  const tableParts = new Map<number, Set<string>>();
  // Input chunks (split at whitespace and pipes), for the fused-token check.
  const chunks = `\n${input.split(/[\s|]+/u).join('\n')}\n`;
  outLines.forEach((o, i) => {
    if (o.text.trim() === '') return;
    c.lines++;
    const s = source[i];
    const src = s >= 0 ? inLines[s] : undefined;
    if (!o.fenced) {
      // Link syntax separates too: "[build](url)" from "[build status](url)" fuses nothing.
      for (const chunk of o.text.split(/[\s|]+|\]\(|\]\[|!?\[/u)) {
        const core = chunk.replace(OPENERS, '').replace(CLOSERS, '');
        if (core && core !== '\u22EF' && !chunks.includes(core)) c.fused++;
      }
      const verbatim = src !== undefined && src.text === o.text;
      if (!CONTENT.test(o.text) && !verbatim && !(o.text.includes('|') && DELIMITER.test(o.text))) c.debris++;
      let unlinked = o.text.replace(/\[[ xX]\]/g, '');
      for (let before = ''; before !== unlinked; ) {
        before = unlinked;
        unlinked = unlinked.replace(/!?\[[^[\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\)/g, '').replace(/!?\[[^[\]\n]*\]\[[^\]\n]*\]/g, '');
      }
      if (/\]\(|!\[|\[!\[/.test(unlinked)) c.brokenLinks++;
    }
    if (!src || src.fenced) return;
    const t = table.get(s);
    if (t) {
      c.tableRows++;
      if (pipes(o.text) === pipes(src.text)) c.tableRowsPiped++;
      const parts = tableParts.get(t[0]) ?? new Set<string>();
      parts.add(t[1]);
      tableParts.set(t[0], parts);
      return;
    }
    const list = LIST.exec(src.text);
    if (list) {
      c.listItems++;
      if (o.text.startsWith(list[1] + list[2])) c.listItemsMarked++;
    }
    const heading = HEADING.exec(src.text);
    if (heading) {
      c.headings++;
      if (o.text.startsWith(`${heading[1]} `) || o.text.startsWith(`${heading[1]}\t`)) c.headingsMarked++;
    }
    if (QUOTE.test(src.text)) {
      c.quotes++;
      if (QUOTE.test(o.text)) c.quotesMarked++;
    }
  });
  for (const parts of tableParts.values()) if (parts.has('body') && !(parts.has('header') && parts.has('delimiter'))) c.tablesHeaderless++;
  return c;
}

const share = (k: number, n: number) => (n === 0 ? null : +(k / n).toFixed(4));

export function summary(c: Counts) {
  return {
    urls: share(c.urlsKept, c.urls),
    inlineCode: share(c.codeKept, c.code),
    numbers: share(c.numbersKept, c.numbers),
    tableRowsWithAllPipes: share(c.tableRowsPiped, c.tableRows),
    tablesWithoutHeader: c.tablesHeaderless,
    listItemsWithMarker: share(c.listItemsMarked, c.listItems),
    headingsWithHashes: share(c.headingsMarked, c.headings),
    quotesWithMarker: share(c.quotesMarked, c.quotes),
    fusedPairs: c.fused,
    debrisLines: c.debris,
    brokenLinkLines: c.brokenLinks,
    counts: c,
  };
}
