/**
 * The removal-priority policy of the prose engine: how model probabilities, the content prior, phrases
 * and a question become the order in which units are dropped (lower priority = dropped first).
 * Everything here was tuned on the benches (bench/gsc, bench/xquad on its tune half, bench/qmsum), which
 * import this module on purpose; the pipeline (engine.ts) only calls it.
 */
import { WORD_CHARS } from '../faithfulness';
import { COMMON_RANK, COMMON_SIZE } from './common-words';
import { DEFAULT_FORCE_TOKENS, forcedUnits } from './force';
import { ANNOTATIONS, CURRENCY, DATE_MONTHS, isFiller, isStopWord, MONTHS, NUMBER_WORDS, STOP_WORDS, VALUE_NUMBER_WORDS } from './lexicon';
import { cliticHosts, isCap, phraseGroups } from './phrases';
import { answerType, bm25, lemma, normalise, spreadRelevance, type AnswerType } from './relevance';
import type { TextEngineOptions } from '../types';
import { structureOf } from './structure';
import { sentenceOfUnits, type Segmentation } from './words';

// ---------------------------------------------------------------------------------------------------
// Model probability per unit

/** Per-unit probability (mean over its words; 1 for forced units; 0.5 without words) and forced flags. */
export function unitProbabilities(scored: { seg: Segmentation; wordP: Float64Array }, opts: TextEngineOptions) {
  const { seg, wordP } = scored;
  const forced = forcedUnits(seg, opts.forceTokens ?? DEFAULT_FORCE_TOKENS, opts.forceDigits ?? false);
  const unitP = new Float64Array(seg.units.length);
  seg.units.forEach((u, i) => {
    if (forced.forced[i]) unitP[i] = 1;
    else {
      let s = 0;
      for (let w = u.firstWord; w < u.endWord; w++) s += wordP[w];
      unitP[i] = u.endWord > u.firstWord ? s / (u.endWord - u.firstWord) : 0.5;
    }
  });
  return { forced, unitP };
}

// ---------------------------------------------------------------------------------------------------
// Content prior

/**
 * Numbers and names rank above every ordinary word (priors above 1): tuned on the XQuAD tune half,
 * where ordering numbers > names > rare words > common words gained ~8 points over priors ≤ 1.
 */
export const NUMBER_PRIOR = 1.8;
export const NAME_PRIOR = 1.4;

/**
 * Content prior per unit (0 … NUMBER_PRIOR): NUMBER_PRIOR for numbers, NAME_PRIOR for names inside a
 * sentence, rarity in [0, 1] for other words (0 for the most common words, 1 outside the common-word
 * table: COMMON_RANK), 0 for punctuation. These carry information a reader cannot restore.
 */
export function contentPrior(seg: Segmentation, sentenceOf: Int32Array): Float64Array {
  const { text, units } = seg;
  const out = new Float64Array(units.length);
  const logSize = Math.log(COMMON_SIZE + 1);
  units.forEach((u, i) => {
    const t = text.slice(u.start, u.end);
    if (u.kind === 'marker' || u.kind === 'punct') return;
    if (u.kind === 'url' || u.kind === 'code') {
      out[i] = 1;
      return;
    }
    if (u.kind === 'number' || /\p{N}/u.test(t)) {
      out[i] = NUMBER_PRIOR;
      return;
    }
    if (u.kind === 'symbol') {
      out[i] = CURRENCY.test(t) ? 0.8 : 0.2;
      return;
    }
    const lower = t.toLowerCase();
    if (isStopWord(t)) return;
    const midSentence = i > 0 && sentenceOf[i - 1] === sentenceOf[i] && units[i - 1].kind !== 'marker';
    const rank = COMMON_RANK.get(lower) ?? (/[\p{L}]/u.test(lower) ? COMMON_SIZE : 0);
    const rarity = Math.log(rank + 1) / logSize;
    if (isCap(t) && midSentence) out[i] = Math.max(NAME_PRIOR, rarity);
    else if (NUMBER_WORDS.has(lower)) out[i] = NUMBER_PRIOR;
    else if (MONTHS.has(lower) && isCap(t)) out[i] = 0.9;
    else out[i] = rarity;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Base priority: model p, content prior, stop words, phrases

/**
 * Removal priority = (1 − w)·p + w·prior, where prior (contentPrior) marks numbers, dates, names and
 * rare words. The model scores words in a sentence-compression sense (gsc labels drop dates and
 * names freely), whereas a prompt must keep the facts a later question may ask about.
 */
export const PRIOR_WEIGHT = 0.5;

/**
 * Stop words, fillers and punctuation rank below content words of similar model score (with the content
 * prior on). 0.35 rather than 0.2: same XQuAD and gsc figures, +0.8 points of QMSum content kept with a query.
 */
export const STOP_PENALTY = 0.35;

/** A phrase's priority: PHRASE_MAX·max + (1 − PHRASE_MAX)·mean of its members' priorities. */
export const PHRASE_MAX = 0.8;

export function phrasePriority(prio: ArrayLike<number>, members: readonly number[]): number {
  if (members.length === 1) return prio[members[0]];
  let max = -Infinity;
  let sum = 0;
  for (const u of members) {
    max = Math.max(max, prio[u]);
    sum += prio[u];
  }
  return PHRASE_MAX * max + (1 - PHRASE_MAX) * (sum / members.length);
}

export interface PolicyOptions {
  /** Keep names, numbers, dates, hyphenated and quoted spans whole (default true; see phrases.ts). */
  phrases?: boolean;
  /** Weight of the content prior mixed into the model's probability (default PRIOR_WEIGHT; 0 = model only). */
  priorWeight?: number;
}

/** Fillers rank here: below stop words (−STOP_PENALTY and up), above annotations. */
const FILLER_PRIORITY = -0.5;

/** Below every other priority: what the budget drops first. */
const ANNOTATION_PRIORITY = -10;

/**
 * A transcript annotation (`{disfmarker}`, `[laughter]`: lexicon.ts ANNOTATIONS directly inside braces or brackets)
 * goes first, with its brackets, as one phrase (kept or dropped whole, no bracket left behind): it is markup, and
 * QMSum transcripts hold one every ten words.
 */
function dropAnnotations(seg: Segmentation, priority: Float64Array, group: Int32Array | undefined): void {
  const { text, units } = seg;
  for (let i = 1; i + 1 < units.length; i++) {
    const u = units[i];
    if (u.kind !== 'word' || !ANNOTATIONS.has(text.slice(u.start, u.end).toLowerCase())) continue;
    const open = text[u.start - 1];
    const close = text[u.end];
    if (!((open === '{' && close === '}') || (open === '[' && close === ']'))) continue;
    for (const k of [i - 1, i, i + 1]) {
      if (k !== i && (k < i ? units[k].end !== u.start : units[k].start !== u.end)) continue;
      priority[k] = ANNOTATION_PRIORITY;
      if (group) group[k] = group[i];
    }
  }
}

/**
 * Per-unit removal priority before question boosts: the model's p mixed with the content prior,
 * then shared across each phrase. Returns the phrase ids too (undefined when phrases are off).
 */
export function basePriority(
  seg: Segmentation,
  unitP: Float64Array,
  forced: Uint8Array,
  opts: PolicyOptions,
  sentenceOf: Int32Array = sentenceOfUnits(seg),
): { priority: Float64Array; group?: Int32Array } {
  const w = opts.priorWeight ?? PRIOR_WEIGHT;
  const prior = w > 0 ? contentPrior(seg, sentenceOf) : undefined;
  const priority = unitP.map((p, i) => (forced[i] ? p : prior ? (1 - w) * p + w * prior[i] : p));
  const hosts = opts.phrases === false ? undefined : cliticHosts(seg);
  const group = hosts && phraseGroups(seg, sentenceOf, hosts);
  // Stop words and punctuation rank lower, except inside a name or number phrase ("Bank of England"
  // stays whole); a detached clitic does not make a phrase ("we 're" is a stop word and its clitic).
  if (prior && STOP_PENALTY > 0) {
    const size = new Map<number, number>();
    if (group && hosts) group.forEach((g, i) => g >= 0 && hosts[i] < 0 && size.set(g, (size.get(g) ?? 0) + 1));
    seg.units.forEach((u, i) => {
      if (forced[i] || (group && (size.get(group[i]) ?? 0) > 1)) return;
      if (u.kind === 'punct' || (u.kind === 'word' && isStopWord(seg.text.slice(u.start, u.end)))) priority[i] -= STOP_PENALTY;
      // The model scores hesitations like content in transcripts ("eh" 0.94): they rank below every function word.
      if (u.kind === 'word' && isFiller(seg.text.slice(u.start, u.end))) priority[i] = Math.min(priority[i], FILLER_PRIORITY);
    });
  }
  dropAnnotations(seg, priority, group);
  if (!group || !hosts) return { priority };
  // A detached clitic ("it 's") ranks as its host word, so it cannot lift the phrase it joins.
  hosts.forEach((h, i) => {
    if (h >= 0 && !forced[i]) priority[i] = priority[h];
  });
  const n = seg.units.length;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    if (group[i] >= 0) while (j < n && group[j] === group[i]) j++;
    const members: number[] = [];
    for (let k = i; k < j; k++) if (!forced[k]) members.push(k);
    if (members.length > 1) {
      const v = phrasePriority(priority, members);
      for (const k of members) priority[k] = v;
    }
    i = j;
  }
  return { priority, group };
}

// ---------------------------------------------------------------------------------------------------
// Question boost (LongLLMLingua's idea, without a second LLM)

/** Length of the prefix term added for long lemmas (see terms). */
export const PREFIX_TERM = 6;

const WORD_RUN = new RegExp(`[${WORD_CHARS}]+`, 'gu');

/**
 * Content terms of a text: lemmas, plus a prefix term ("~" + first PREFIX_TERM letters) for longer
 * lemmas, so that derived forms match weakly ("Reformation" ~ "reform", "septicemic" ~ "septicemia",
 * "contribution" ~ "contribute"). XQuAD with the question: +0.6 / +0.2 points (tune / held-out half).
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_RUN)) {
    if (STOP_WORDS.has(m[0].toLowerCase())) continue;
    const l = lemma(m[0]);
    out.push(l);
    if (l.length >= PREFIX_TERM) out.push('~' + l.slice(0, PREFIX_TERM));
  }
  return out;
}

/**
 * Terms of the capitalised phrases in the text whose initials spell a short word of the question ("the us
 * mint" → "United States"; "UN" → "United Nations"): the question names them, so they are question terms.
 */
export function acronymTerms(seg: Segmentation, question: string): string[] {
  const wanted = new Set([...question.matchAll(/\p{L}{2,5}/gu)].map((m) => m[0].toLowerCase()));
  const out: string[] = [];
  const { text, units } = seg;
  const caps: number[] = [];
  const flush = () => {
    for (let a = 0; a < caps.length; a++)
      for (let b = a + 2; b <= Math.min(caps.length, a + 5); b++) {
        const run = caps.slice(a, b);
        const initials = run.map((i) => text[units[i].start].toLowerCase()).join('');
        if (wanted.has(initials)) for (const i of run) out.push(...terms(text.slice(units[i].start, units[i].end)));
      }
    caps.length = 0;
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind === 'word' && /^\p{Lu}\p{Ll}/u.test(text.slice(u.start, u.end))) caps.push(i);
    else flush();
  }
  flush();
  return out;
}

export interface QuestionBoost {
  /** Added to a unit's priority to order removals. */
  boost: Float64Array;
  /** Normalised relevance of each sentence. */
  sentenceRelevance: number[];
  /** Normalised relevance of the text around each sentence (BM25 spread over BOOST.span content words). */
  regionRelevance: Float64Array;
}

/**
 * Weights of the boost (tuned on the tune half of XQuAD, and of QMSum-val for coarseRelevance). Relevance
 * raises priorities, it does not freeze text: there is no verbatim protection of whole sentences (the
 * earlier tiers kept the best-matching sentence, stop words included, and lost answers next to it).
 * Words that only repeat the question rank lower (the question is in the prompt already); the values a
 * question asks for, and words near its terms, rank higher.
 */
export const BOOST = Object.freeze({
  /** Added to every unit in proportion to its sentence's relevance (tiers 0 / relevance 6 / question term −0.3: XQuAD tune 92.8 / 86.2 at rates 0.5 / 0.33, tiers 92.9 / 85.0). */
  relevance: 6,
  /** The same when the coarse stage already chose sentences by relevance (QMSum tune: 0–1 ≈ 0.38, 6 → 0.33). */
  coarseRelevance: 0.5,
  /** Share of the sentence's relevance boost a question term gets. */
  termShare: 1,
  /** Share of the sentence's relevance boost a stop word or punctuation gets. */
  stopShare: 1,
  /** Share of the previous sentence's BM25 score a sentence inherits. */
  carry: 0.3,
  /** Bonus for units near a question term in the best sentences (decays with distance in units). */
  near: 0.75,
  /**
   * Share of `near` that values next to a question term get outside the best two sentences ("… Deputy
   * Director David Motl" for "who is the director …"). With noValue 0.5: XQuAD tune 92.8 / 86.2 → 93.1 / 86.7
   * at rates 0.5 / 0.33 (held-out 93.1 / 86.2 → 93.1 / 86.4); QMSum tune with the query 0.477 → 0.484.
   */
  nearAll: 2,
  /** Words the question names (they only repeat it). */
  questionTerm: -0.3,
  /** Values (numbers, dates, names) in the best-ranked sentences. */
  value: 0.75,
  /** Values of the type the question asks for (how many → numbers, when → dates, who → names), times relevance. */
  typed: 1.5,
  /** Added to content units in proportion to the relevance of the text around them (regionRelevance). */
  region: 0,
  /** The same when the coarse stage ran (QMSum tune half: 0 → 0.460, 3 → 0.468 with COARSE.fine 0.4). */
  coarseRegion: 3,
  /** stopShare when the coarse stage ran. */
  coarseStopShare: 0,
  /** Share of the relevance boost of a sentence with no value of the asked type beyond the question's words (who → a name, when → a date). */
  noValue: 0.5,
  /** Reach of regionRelevance in content words (QMSum-train turn ranking: 0 → 0.58, 100 → 0.71, 300 → 0.73). */
  span: 300,
});

const DEFAULT_BOOST = BOOST;

function matchesType(type: AnswerType, t: string, midSentence: boolean): boolean {
  if (!type) return false;
  const lower = t.toLowerCase();
  if (type === 'number') return /\p{N}/u.test(t) || VALUE_NUMBER_WORDS.has(lower);
  if (type === 'date') return /\p{N}/u.test(t) || (DATE_MONTHS.has(lower) && /^\p{Lu}/u.test(t));
  return /^\p{Lu}/u.test(t) && !isStopWord(t) && (midSentence || t.length > 1);
}

/** Numbers (digits or words), dates, and capitalised words that are not stop words. */
function isValue(t: string, midSentence: boolean): boolean {
  if (/\p{N}/u.test(t)) return true;
  if (VALUE_NUMBER_WORDS.has(t.toLowerCase())) return true;
  return /^\p{Lu}/u.test(t) && (midSentence || !isStopWord(t));
}

/**
 * BM25 over lightly lemmatised words ranks sentences against the question; the result is a priority
 * boost per unit: relevant sentences first, words the question names, and values (numbers, names,
 * dates) in the sentences that match it best.
 */
export type BoostParams = Record<keyof typeof BOOST, number>;

export function questionBoost(seg: Segmentation, sentenceOf: Int32Array, question: string, params: Partial<BoostParams> = {}): QuestionBoost {
  const BOOST = { ...DEFAULT_BOOST, ...params };
  const { text, units } = seg;
  const nSent = units.length ? sentenceOf[units.length - 1] + 1 : 0;
  const docs: string[][] = Array.from({ length: nSent }, () => []);
  // Speaker labels are not content: "What did the Professor say …" must not match every "Professor:" turn.
  const { label } = structureOf(seg);
  const unitLemmas: string[][] = units.map((u, i) => {
    if (u.kind === 'marker' || u.kind === 'punct' || u.kind === 'symbol' || label[i]) return [];
    const lemmas = terms(text.slice(u.start, u.end));
    docs[sentenceOf[i]].push(...lemmas);
    return lemmas;
  });
  const q = new Set([...terms(question), ...acronymTerms(seg, question)]);
  const raw = bm25(docs, [...q]);
  const words = new Float64Array(nSent).fill(1);
  unitLemmas.forEach((ls, i) => {
    if (ls.length) words[sentenceOf[i]]++;
  });
  const region = spreadRelevance(raw, words, BOOST.span);
  let regionMax = 0;
  for (const r of region) regionMax = Math.max(regionMax, r);
  if (regionMax > 0) for (let s = 0; s < nSent; s++) region[s] /= regionMax;
  // A sentence that continues a matching one ("He …", "The company …") shares some of its score.
  const rel = normalise(raw.map((r, i) => r + BOOST.carry * (raw[i - 1] ?? 0)));
  const ranked = rel
    .map((r, s) => [r, s] as const)
    .filter(([r]) => r > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const sentenceBoost = rel.map((r) => BOOST.relevance * r);
  const type = answerType(question);
  const top = new Set(ranked.slice(0, 2).map(([, s]) => s));
  const boost = new Float64Array(units.length);
  const isTerm = unitLemmas.map((ls) => ls.some((x) => q.has(x)));
  // Distance (in units, within the sentence) to the nearest question term.
  const dist = new Float64Array(units.length).fill(Infinity);
  for (let i = 0, last = -Infinity; i < units.length; i++) {
    if (i > 0 && sentenceOf[i] !== sentenceOf[i - 1]) last = -Infinity;
    if (isTerm[i]) last = i;
    dist[i] = i - last;
  }
  for (let i = units.length - 1, next = Infinity; i >= 0; i--) {
    if (i < units.length - 1 && sentenceOf[i] !== sentenceOf[i + 1]) next = Infinity;
    if (isTerm[i]) next = i;
    dist[i] = Math.min(dist[i], next - i);
  }
  // With a typed question (who / when / how many), a sentence without a value of that type beyond the
  // question's own words only repeats the question: its relevance boost shrinks (BOOST.noValue).
  if (type && BOOST.noValue !== 1) {
    const has = new Uint8Array(nSent);
    for (let i = 0; i < units.length; i++) {
      const s = sentenceOf[i];
      const t = text.slice(units[i].start, units[i].end);
      if (!isTerm[i] && !label[i] && matchesType(type, t, i > 0 && sentenceOf[i - 1] === s)) has[s] = 1;
    }
    for (let s = 0; s < nSent; s++) if (!has[s]) sentenceBoost[s] *= BOOST.noValue;
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    const s = sentenceOf[i];
    const t = text.slice(u.start, u.end);
    const mid = i > 0 && sentenceOf[i - 1] === s;
    // Question terms and stop words get only a share of their sentence's relevance.
    const stop = u.kind === 'punct' || isStopWord(t);
    const share = isTerm[i] ? BOOST.termShare : stop ? BOOST.stopShare : 1;
    // The region boost goes to content only: stop words of a relevant passage are still cheap.
    let b = share * sentenceBoost[s] + (stop ? 0 : BOOST.region * region[s]);
    if (isTerm[i]) b += BOOST.questionTerm;
    else {
      if (top.has(s)) {
        if (isValue(t, mid)) b += BOOST.value;
        if (Number.isFinite(dist[i])) b += BOOST.near / (1 + dist[i] / 4);
      } else if (BOOST.nearAll && rel[s] > 0 && Number.isFinite(dist[i]) && isValue(t, mid)) b += (BOOST.nearAll * BOOST.near) / (1 + dist[i] / 4);
      if (rel[s] > 0 && matchesType(type, t, mid)) b += BOOST.typed * rel[s];
    }
    boost[i] = b;
  }
  return { boost, sentenceRelevance: rel, regionRelevance: region };
}

/** Reported keep probability with a question (`tersify score`): noisy-or of p with the unit's relevance. */
export function questionAwareP(p: number, boost: number): number {
  return 1 - (1 - p) * (1 - Math.min(1, boost / 2.5));
}
