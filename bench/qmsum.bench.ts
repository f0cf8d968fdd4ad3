/**
 * QMSum-val positional recall (bench/qmsum-eval.ts): whole meetings as "Speaker: content" lines compressed to
 * a 2,000-token target (o200k_base), up to QUERIES queries per meeting spread over it, with and without the
 * query; baselines at the engine's kept tokens (first-k, random, content words first, BM25 whole turns).
 * Split fixed before tuning: meetings with an even index (file order) are the tune half, odd ones held out.
 * Run: node --import tsx bench/qmsum.bench.ts   → bench/results/qmsum.json
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { disposeModels } from '../src/core/text';
import { COARSE } from '../src/core/text/coarse';
import { evaluate, loadMeetings } from './qmsum-eval';
import { sharedDataPath } from '../scripts/environment.mjs';

const root = resolve(__dirname, '..');
const TARGET = Number(process.env.QMSUM_TARGET ?? 2000);
const QUERIES = Number(process.env.QMSUM_QUERIES ?? 4);

async function main() {
  const model = defaultModelDir();
  const t0 = performance.now();
  const meetings = await loadMeetings(model, QUERIES);
  const halves = { tune: meetings.filter((_, i) => i % 2 === 0), heldOut: meetings.filter((_, i) => i % 2 === 1) };
  const results = Object.fromEntries(
    Object.entries(halves).map(([name, ms]) => [
      name,
      {
        meetings: ms.length,
        engine: evaluate(ms, TARGET),
        ablationNoCoarseStage: (({ engineWithQuery, engineWithoutQuery }) => ({ engineWithQuery, engineWithoutQuery }))(
          evaluate(ms, TARGET, { coarse: false }, false),
        ),
      },
    ]),
  );
  const out = {
    dataset: `qmsum-val, whole meetings, up to ${QUERIES} specific queries per meeting spread over it`,
    split: 'tune = meetings with an even index in file order, heldOut = odd; coarse and boost weights were tuned on tune only',
    targetTokens: TARGET,
    tokenizer: 'o200k_base',
    metric:
      'positional recall: share of content-word positions (not stop words, with a letter or digit) inside the query relevant_text_span turns kept; baselines keep the same number of tokens (sum of per-word counts); debris = non-blank output lines with no letter or digit',
    coarse: COARSE,
    model,
    results,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  console.log(JSON.stringify(out, null, 2));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/qmsum.json'), JSON.stringify(out, null, 2) + '\n');
  await disposeModels();
}

if (!existsSync(sharedDataPath('meetings/qmsum-val'))) {
  console.error('QMSum data not found');
  process.exit(1);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
