/**
 * Phrase cohesion (model-independent): a dropped word inside a name, number or date breaks it
 * ("University of Chicago" → "University Chicago", "12 March 2011" → "12 2011"), so selection keeps or
 * drops these units together:
 * - capitalised sequences, joined by connectors (of, the, de, von, and, &, …) between capitalised words:
 *   "Bank of the United States", "Procter & Gamble";
 * - numbers with their currency, scale, unit or percent: "$1,849", "3.5 percent", "10 million", "17 seconds";
 * - dates: "12 March 2011", "March 12, 2011", "March 2011", "the 1990s" stays one word already;
 * - hyphenated words ("state-of-the-art") and short quoted spans ("design build").
 * Phrases never cross sentence or line boundaries and hold at most MAX_PHRASE units.
 * How a phrase is ranked (phrasePriority) is in policy.ts.
 */
import { COMMON_RANK, COMMON_SIZE } from './common-words';
import { CLITICS, CONNECTORS, CURRENCY, isStopWord, MONTHS, NUMBER_UNITS, NUMBER_WORDS, SCALE_WORDS } from './lexicon';
import type { Segmentation } from './words';

export const MAX_PHRASE = 8;

/**
 * Detached clitics, as in tokenized transcripts ("it 's", "we 're"): for the apostrophe and the clitic
 * after it, the index of the word they attach to; -1 elsewhere. They carry nothing of their own, so
 * they follow their host: kept with it, dropped with it, never left behind ("E's" from "E: What 's").
 */
export function cliticHosts(seg: Segmentation): Int32Array {
  const { text, units } = seg;
  const host = new Int32Array(units.length).fill(-1);
  for (let i = 1; i + 1 < units.length; i++) {
    const a = units[i];
    const c = units[i + 1];
    const h = units[i - 1];
    if (a.kind !== 'punct' || !/^['’]$/u.test(text.slice(a.start, a.end))) continue;
    if (c.kind !== 'word' || c.start !== a.end || !CLITICS.has(text.slice(c.start, c.end).toLowerCase())) continue;
    if (h.kind !== 'word' || h.line !== a.line || (c.end < text.length && /[\p{L}\p{N}]/u.test(text[c.end]))) continue;
    host[i] = host[i + 1] = host[i - 1] >= 0 ? host[i - 1] : i - 1;
  }
  return host;
}

export function isCap(t: string): boolean {
  return /^\p{Lu}/u.test(t);
}

function isNumberLike(t: string, kind: string): boolean {
  return kind === 'number' || /^\p{N}/u.test(t) || NUMBER_WORDS.has(t.toLowerCase());
}

/**
 * Phrase id per unit: units with the same id are kept or dropped together; -1 for units in no phrase
 * (markers). Every other unit gets an id (singletons included), ids increase along the text. `hosts`: cliticHosts(seg),
 * passed in when the caller needs it too.
 */
export function phraseGroups(seg: Segmentation, sentenceOf: Int32Array, hosts: Int32Array = cliticHosts(seg)): Int32Array {
  const { text, units } = seg;
  const n = units.length;
  const t = units.map((u) => text.slice(u.start, u.end));
  const lower = t.map((x) => x.toLowerCase());
  const kind = units.map((u) => u.kind);
  // join[i] = 1: unit i belongs to the same phrase as unit i-1.
  const join = new Uint8Array(n);
  const adjacent = (i: number) =>
    i > 0 && units[i].kind !== 'marker' && units[i - 1].kind !== 'marker' && units[i].line === units[i - 1].line && sentenceOf[i] === sentenceOf[i - 1];
  const tight = (i: number) => adjacent(i) && units[i].start === units[i - 1].end;
  const sentenceStart = (i: number) => i === 0 || sentenceOf[i] !== sentenceOf[i - 1] || units[i - 1].kind === 'marker';
  /** A capitalised word that names something (not a capitalised stop word or common word at sentence start). */
  const nameWord = (i: number) => {
    if (kind[i] !== 'word' || !isCap(t[i])) return false;
    if (isStopWord(t[i])) return false;
    if (sentenceStart(i) && (COMMON_RANK.get(lower[i]) ?? COMMON_SIZE) < 1000 && !(i + 1 < n && nameWord2(i + 1))) return false;
    return true;
  };
  const nameWord2 = (i: number) => kind[i] === 'word' && isCap(t[i]) && !isStopWord(t[i]) && adjacent(i);

  for (let i = 1; i < n; i++) {
    if (!adjacent(i)) continue;
    const a = t[i - 1];
    const b = t[i];
    // Hyphenated and slashed words: "state-of-the-art", "Franco-Prussian", "and/or".
    if ((b === '-' || b === '/' || b === '–') && tight(i) && i + 1 < n && tight(i + 1) && kind[i + 1] !== 'punct' && kind[i - 1] !== 'punct') {
      join[i] = join[i + 1] = 1;
      continue;
    }
    // Initials inside names: "Frederick W. Mote", "T. T. Tsui" (the "." is not a sentence end there).
    if (b === '.' && tight(i) && /^\p{Lu}$/u.test(a) && i + 1 < n && adjacent(i + 1) && kind[i + 1] === 'word' && isCap(t[i + 1])) {
      join[i] = join[i + 1] = 1;
      if (i >= 2 && adjacent(i - 1) && kind[i - 2] === 'word' && isCap(t[i - 2])) join[i - 1] = 1;
    }
    // Names: capitalised words in a row.
    if (nameWord(i - 1) && nameWord2(i)) join[i] = 1;
    // Connectors inside names: Cap (conn)+ Cap.
    if (nameWord(i - 1) || (join[i - 1] && CONNECTORS.has(lower[i - 1]))) {
      if (CONNECTORS.has(lower[i]) && !isCap(b)) {
        let j = i;
        while (j < n && j - i < 3 && adjacent(j) && CONNECTORS.has(lower[j]) && !isCap(t[j])) j++;
        if (j < n && adjacent(j) && nameWord2(j)) for (let k = i; k <= j; k++) join[k] = 1;
      }
    }
    // Currency before a number: "$1,849", "£ 3 million".
    if (CURRENCY.test(a) && isNumberLike(b, kind[i])) join[i] = 1;
    // Number + scale / unit / percent: "3 million", "17 seconds", "10%", "5 km".
    if (isNumberLike(a, kind[i - 1]) && (SCALE_WORDS.has(lower[i]) || NUMBER_UNITS.has(lower[i]) || b === '%')) join[i] = 1;
    // Dates: "12 March", "March 12", "March 2011", "12 March 2011", "March 12, 2011".
    if (kind[i - 1] === 'number' && MONTHS.has(lower[i]) && isCap(b) && /^\d{1,2}(?:st|nd|rd|th)?$/u.test(a)) join[i] = 1;
    if (MONTHS.has(lower[i - 1]) && isCap(a) && kind[i] === 'number' && /^\d{1,4}(?:st|nd|rd|th)?$/u.test(b)) join[i] = 1;
    if (b === ',' && i >= 2 && MONTHS.has(lower[i - 2]) && /^\d{1,2}$/u.test(a) && i + 1 < n && /^\d{4}$/u.test(t[i + 1]) && adjacent(i + 1))
      join[i] = join[i + 1] = 1;
    // Number + number word ("3 million" handled; "two hundred", "twenty five").
    if (NUMBER_WORDS.has(lower[i - 1]) && NUMBER_WORDS.has(lower[i])) join[i] = 1;
  }
  for (let i = 0; i < n; i++) if (hosts[i] >= 0) join[i] = 1;
  // Short quoted spans: "design build", ‘Ode to Joy’.
  for (let i = 0; i < n; i++) {
    if (!/^["“‘]$/u.test(t[i])) continue;
    const close = t[i] === '“' ? '”' : t[i] === '‘' ? '’' : '"';
    let j = i + 1;
    while (j < n && j - i <= MAX_PHRASE && t[j] !== close && adjacent(j)) j++;
    if (j < n && t[j] === close && j - i >= 2 && j - i <= MAX_PHRASE && adjacent(j)) for (let k = i + 1; k <= j; k++) join[k] = 1;
  }
  const group = new Int32Array(n);
  let g = -1;
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (units[i].kind === 'marker') {
      group[i] = -1;
      continue;
    }
    if (join[i] && g >= 0 && len < MAX_PHRASE) len++;
    else {
      g++;
      len = 1;
    }
    group[i] = g;
  }
  return group;
}
