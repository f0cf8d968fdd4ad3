/**
 * gsc-dev word F1 at the gold rate through the engine: for every sentence keep the top-k words,
 * k = the gold number of kept words, and score the kept set against the gold keep labels (micro F1
 * over all words, as in training/evaluate.py: kept-and-gold / kept, kept-and-gold / gold).
 *
 * Alignment: gsc `words` are a re-tokenisation of `text` ("$1,849" → "$", "1", ",", "849"). Each gsc
 * word is located in `text` left to right (indexOf from the end of the previous one); it takes the
 * score of the engine word (src/core/text/words.ts segmentation) that covers its first character. Several
 * gsc words inside one engine word ("1", ",", "849" in "1,849") share its score; ties are broken by
 * position (earlier first). A gsc word that cannot be located (never, on gsc-dev) scores 0.
 *
 * Scorers: `scoreText` probabilities (the model alone, as `tersify score` reports them); the engine's
 * removal priority (model p mixed with the content prior and shared across phrases, i.e. the order in
 * which compression drops words); the same with phrases only (no prior); a stop-word heuristic.
 * Run: node --import tsx bench/gsc.bench.ts   → bench/results/gsc.json
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { analyze, disposeModels, scoreText, segment, type Segmentation } from '../src/core/text';
import { basePriority, unitProbabilities } from '../src/core/text/policy';
import { heuristicKeepScore } from './heuristic';
import { sharedDataPath } from '../scripts/environment.mjs';

const root = resolve(__dirname, '..');
const DATA = sharedDataPath('nl/gsc-dev.jsonl');
const LIMIT = Number(process.env.GSC_SENTENCES ?? Infinity);

interface Row {
  text: string;
  words: string[];
  keep: number[];
}

/** Engine word index covering the first character of each gsc word. */
function align(seg: Segmentation, row: Row): number[] {
  let at = 0;
  return row.words.map((w) => {
    const pos = row.text.indexOf(w, at);
    if (pos < 0) return -1;
    at = pos + w.length;
    const i = seg.words.findIndex((x) => x.start <= pos && pos < x.end);
    return i;
  });
}

function f1(rows: Row[], scores: number[][]) {
  let tp = 0;
  let kept = 0;
  let gold = 0;
  rows.forEach((r, i) => {
    const k = r.keep.reduce((s, x) => s + x, 0);
    const order = r.words.map((_, j) => j).sort((a, b) => scores[i][b] - scores[i][a] || a - b);
    const chosen = new Set(order.slice(0, k));
    chosen.forEach((j) => (tp += r.keep[j]));
    kept += k;
    gold += k;
  });
  const p = tp / kept;
  const rcl = tp / gold;
  return +((2 * p * rcl) / (p + rcl || 1)).toFixed(4);
}

async function main() {
  const rows: Row[] = readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, LIMIT)
    .map((l) => JSON.parse(l));
  const model = defaultModelDir();
  const results: Record<string, number | string> = {};
  const t0 = performance.now();
  const byScoreText: number[][] = [];
  const byPriority: number[][] = [];
  const byPhrasesOnly: number[][] = [];
  const byHeuristic: number[][] = [];
  let unaligned = 0;
  for (const r of rows) {
    const a = await analyze(r.text, { model });
    const st = await scoreText(r.text, { model });
    const map = align(a.seg, r);
    unaligned += map.filter((i) => i < 0).length;
    const { forced, unitP } = unitProbabilities(a, {});
    const prio = basePriority(a.seg, unitP, forced.forced, process.env.GSC_PRIOR ? { priorWeight: Number(process.env.GSC_PRIOR) } : {}).priority;
    const phr = basePriority(a.seg, unitP, forced.forced, { priorWeight: 0 }).priority;
    const pick = (f: (w: number) => number) => map.map((i) => (i < 0 ? 0 : f(i)));
    byScoreText.push(pick((i) => st.words[i].p));
    byPriority.push(pick((i) => prio[a.seg.words[i].unit]));
    byPhrasesOnly.push(pick((i) => phr[a.seg.words[i].unit]));
    const seg = segment(r.text);
    byHeuristic.push(pick((i) => heuristicKeepScore(seg.words[i].text)));
  }
  results['scoreText (model p)'] = f1(rows, byScoreText);
  results['engine priority (p + content prior, phrases)'] = f1(rows, byPriority);
  results['engine priority, phrases only (no prior)'] = f1(rows, byPhrasesOnly);
  results['stop-word heuristic'] = f1(rows, byHeuristic);
  const out = {
    dataset: 'gsc-dev',
    sentences: rows.length,
    metric: 'micro word F1 of the per-sentence top-k kept set vs gold keep labels, k = gold kept count',
    alignment: 'gsc word → engine word covering its first character (text.indexOf left to right)',
    unalignedWords: unaligned,
    model,
    f1: results,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  console.log(JSON.stringify(out, null, 2));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  if (!process.env.GSC_NO_WRITE) writeFileSync(join(root, 'bench/results/gsc.json'), JSON.stringify(out, null, 2) + '\n');
  await disposeModels();
}

if (!existsSync(DATA)) {
  console.error(`gsc data not found: ${DATA}`);
  process.exit(1);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
