/**
 * Grid over coarse-stage and boost weights on the QMSum-val tune half (even meetings); prints the held-out
 * half only with QMSUM_HELDOUT=1. Run: TERSIFY_BENCH_CACHE=1 QMSUM_GRID='[{...}, ...]' node --import tsx bench/qmsum-tune.ts
 * Each grid entry is a partial SelectOptions ({ coarse: {...}, boost: {...} }).
 */
import { defaultModelDir } from '../src/core/assets';
import { disposeModels } from '../src/core/text';
import { evaluate, loadMeetings } from './qmsum-eval';

async function main() {
  const meetings = await loadMeetings(defaultModelDir(), Number(process.env.QMSUM_QUERIES ?? 4));
  const half = meetings.filter((_, i) => i % 2 === (process.env.QMSUM_HELDOUT === '1' ? 1 : 0));
  const grid: object[] = JSON.parse(process.env.QMSUM_GRID ?? '[{}]');
  for (const g of grid) {
    const r = evaluate(half, Number(process.env.QMSUM_TARGET ?? 2000), g, false);
    console.log(JSON.stringify(g), 'with', r.engineWithQuery, 'without', r.engineWithoutQuery, 'tokens', r.meanTokensWith, 'debris', r.debrisLines);
  }
  await disposeModels();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
