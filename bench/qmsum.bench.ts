/**
 * QMSum (meetings, conversational text): compress a meeting excerpt at rate 0.5 and measure the share
 * of content words (not stop words, not punctuation) of the query-relevant turns that survive, with and
 * without the query. Excerpt = the first TURNS turns of each qmsum-val meeting as "Speaker: content"
 * lines; queries = its specific queries whose relevant spans lie inside the excerpt (span turns only).
 * A content word counts as kept when its unit is kept (spans from the engine, offsets into the input).
 * Run: node --import tsx bench/qmsum.bench.ts   → bench/results/qmsum.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { isFaithful } from '../src/core/faithfulness';
import { analyze, disposeModels, selectScored } from '../src/core/text';
import { isStopWord } from '../src/core/text/lexicon';
import type { PolicyOptions } from '../src/core/text/policy';
import { heuristicKeepScore } from './heuristic';
import { sharedDataPath } from '../scripts/environment.mjs';

const root = resolve(__dirname, '..');
const DIR = sharedDataPath('meetings/qmsum-val');
const TURNS = Number(process.env.QMSUM_TURNS ?? 150);
const RATE = 0.5;
const count = tokenCounter('o200k_base');

async function main() {
  const model = defaultModelDir();
  const variants: { name: string; opts: PolicyOptions; heuristic?: true }[] = [
    { name: 'engine default (prior + phrases)', opts: {} },
    { name: 'phrases only (no content prior)', opts: { priorWeight: 0 } },
    { name: 'model order only (no prior, no phrases)', opts: { priorWeight: 0, phrases: false } },
    { name: 'stop-word heuristic (no model)', opts: { priorWeight: 0, phrases: false }, heuristic: true },
  ];
  const acc = variants.map(() => ({ without: [0, 0], with: [0, 0], tokens: [0, 0, 0] }));
  let queries = 0;
  let meetings = 0;
  let unfaithful = 0;
  const t0 = performance.now();
  for (const f of readdirSync(DIR).sort()) {
    const m = JSON.parse(readFileSync(join(DIR, f), 'utf8'));
    const turns = m.meeting_transcripts.slice(0, TURNS);
    const starts: number[] = [];
    let text = '';
    for (const t of turns) {
      starts.push(text.length);
      text += `${t.speaker}: ${t.content}\n`;
    }
    starts.push(text.length);
    const qs = (m.specific_query_list ?? []).filter((q: { relevant_text_span: string[][] }) => q.relevant_text_span.every(([, b]) => Number(b) < turns.length));
    if (qs.length === 0) continue;
    meetings++;
    const modelScores = await analyze(text, { model });
    const seg = modelScores.seg;
    // Model-free baseline (bench/heuristic.ts).
    const heuristicScores = {
      ...modelScores,
      wordP: Float64Array.from(seg.words, (w: { text: string }) => heuristicKeepScore(w.text)),
    };
    const budget = Math.round(count(text) * RATE);
    for (const [vi, v] of variants.entries()) {
      const a = v.heuristic ? heuristicScores : modelScores;
      const plain = selectScored(a, { budget, count, ...v.opts });
      if (!isFaithful(text, plain.compressed)) unfaithful++;
      for (const q of qs) {
        const aware = selectScored(a, { budget, count, question: q.query, ...v.opts });
        if (!isFaithful(text, aware.compressed)) unfaithful++;
        if (vi === 0) queries++;
        const inSpan = (pos: number) => q.relevant_text_span.some(([x, y]: string[]) => pos >= starts[Number(x)] && pos < starts[Number(y) + 1]);
        for (const [key, out] of [
          ['without', plain],
          ['with', aware],
        ] as const) {
          for (const s of out.spans) {
            const w = text.slice(s.start, s.end);
            if (!inSpan(s.start) || isStopWord(w) || !/[\p{L}\p{N}]/u.test(w)) continue;
            acc[vi][key][1]++;
            if (s.kept) acc[vi][key][0]++;
          }
        }
        acc[vi].tokens[0] += count(text);
        acc[vi].tokens[1] += plain.compressedTokens;
        acc[vi].tokens[2] += aware.compressedTokens;
      }
    }
  }
  const results = variants.map((v, i) => ({
    variant: v.name,
    spanContentKeptWithoutQuery: +(acc[i].without[0] / acc[i].without[1]).toFixed(4),
    spanContentKeptWithQuery: +(acc[i].with[0] / acc[i].with[1]).toFixed(4),
    achievedRateWithout: +(acc[i].tokens[1] / acc[i].tokens[0]).toFixed(4),
    achievedRateWith: +(acc[i].tokens[2] / acc[i].tokens[0]).toFixed(4),
  }));
  const out = {
    dataset: `qmsum-val, first ${TURNS} turns of each meeting`,
    meetings,
    queries,
    rate: RATE,
    metric: 'share of content words in the query-relevant turns kept in the compressed excerpt',
    model,
    results,
    unfaithfulOutputs: unfaithful,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  console.log(JSON.stringify(out, null, 2));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/qmsum.json'), JSON.stringify(out, null, 2) + '\n');
  await disposeModels();
}

if (!existsSync(DIR)) {
  console.error(`QMSum data not found: ${DIR}`);
  process.exit(1);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
