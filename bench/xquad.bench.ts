/**
 * Question-aware compression on XQuAD (en, SQuAD format): compress each paragraph at rate 0.5 and
 * count questions whose answer text survives verbatim, without and with the question.
 * Scorers: the default model (when installed), the tiny-bert fixture (random weights), and a
 * model-free stop-word heuristic — the gain from the question must not depend on the model.
 * Run: node --import tsx bench/xquad.bench.ts   → bench/results/xquad.json
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../src/core/assets';
import { tokenCounter } from '../src/core/budget/tokenizers';
import { isFaithful } from '../src/core/faithfulness';
import { analyze, disposeModels, segment, selectScored } from '../src/core/text';
import { isStopWord } from '../src/core/text/relevance';

const root = resolve(__dirname, '..');
const DATA = resolve(root, '../shared/data/qa/xquad.en.json');
const RATE = Number(process.env.XQUAD_RATE ?? 0.5);
const LIMIT = Number(process.env.XQUAD_PARAGRAPHS ?? Infinity);
const count = tokenCounter('o200k_base');

interface Paragraph {
  context: string;
  qas: { id: string; question: string; answers: { text: string }[] }[];
}

type Scorer = { name: string; score(text: string): Promise<{ seg: ReturnType<typeof segment>; wordP: Float64Array; unitChunk?: Int32Array }> };

/** Model-free: stop words and punctuation are cheap, everything else is worth keeping. */
const heuristic: Scorer = {
  name: 'stop-word heuristic',
  async score(text) {
    const seg = segment(text);
    const wordP = Float64Array.from(seg.words, (w) => {
      if (isStopWord(w.text)) return 0.2;
      if (!/[\p{L}\p{N}]/u.test(w.text)) return 0.3;
      return 0.6 + Math.min(0.3, w.text.length / 40);
    });
    return { seg, wordP };
  },
};

const modelScorer = (name: string, model: string): Scorer => ({
  name,
  score: (text) => analyze(text, { model }),
});

async function evaluate(scorer: Scorer, paragraphs: Paragraph[]) {
  let questions = 0;
  let keptWithout = 0;
  let keptWith = 0;
  let tokensIn = 0;
  let tokensWithout = 0;
  let tokensWith = 0;
  let unfaithful = 0;
  const t0 = performance.now();
  for (const p of paragraphs) {
    const scored = await scorer.score(p.context);
    const original = count(p.context);
    const budget = Math.round(original * RATE);
    const plain = selectScored(scored, { budget, count });
    if (!isFaithful(p.context, plain.compressed)) unfaithful++;
    for (const qa of p.qas) {
      questions++;
      tokensIn += original;
      tokensWithout += plain.compressedTokens;
      const survives = (out: string) => qa.answers.some((a) => out.includes(a.text));
      if (survives(plain.compressed)) keptWithout++;
      const aware = selectScored(scored, { budget, count, question: qa.question });
      if (!isFaithful(p.context, aware.compressed)) unfaithful++;
      tokensWith += aware.compressedTokens;
      if (survives(aware.compressed)) keptWith++;
    }
  }
  return {
    scorer: scorer.name,
    paragraphs: paragraphs.length,
    questions,
    rate: RATE,
    answerKeptWithoutQuestion: +(keptWithout / questions).toFixed(4),
    answerKeptWithQuestion: +(keptWith / questions).toFixed(4),
    achievedRateWithout: +(tokensWithout / tokensIn).toFixed(4),
    achievedRateWith: +(tokensWith / tokensIn).toFixed(4),
    unfaithfulOutputs: unfaithful,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
}

async function main() {
  if (!existsSync(DATA)) {
    console.error(`XQuAD data not found: ${DATA}`);
    process.exit(1);
  }
  const data = JSON.parse(readFileSync(DATA, 'utf8')) as { data: { paragraphs: Paragraph[] }[] };
  const paragraphs = data.data.flatMap((a) => a.paragraphs).slice(0, LIMIT);
  const scorers: Scorer[] = [];
  if (existsSync(join(defaultModelDir(), 'model.onnx'))) scorers.push(modelScorer('default model (tersify-small-en)', defaultModelDir()));
  scorers.push(modelScorer('fixture tiny-bert (random weights)', join(root, 'test/fixtures/models/tiny-bert')));
  scorers.push(heuristic);
  const results = [];
  for (const s of scorers) {
    const r = await evaluate(s, paragraphs);
    console.log(JSON.stringify(r));
    results.push(r);
  }
  const out = {
    dataset: 'xquad.en (SQuAD format)',
    metric: 'share of questions whose answer text survives verbatim in the compressed paragraph',
    tokenizer: 'o200k_base',
    targets: { withoutQuestion: 0.85, withQuestion: 0.97, note: 'targets apply to the default model' },
    results,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/xquad.json'), JSON.stringify(out, null, 2) + '\n');
  await disposeModels();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
