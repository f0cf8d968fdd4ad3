/** Properties on real text: GSC sentences and QMSum meeting transcripts from the shared data (TERSIFY_SHARED_DATA). */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { budgetTolerance } from '../../../src/core/budget/budget';
import { tokenCounter } from '../../../src/core/budget/tokenizers';
import { isFaithful } from '../../../src/core/faithfulness';
import { compressText, disposeModels } from '../../../src/core/text';
import { debrisLines } from '../../../src/core/text/structure';
import { fixtureModel, sharedDataPath } from '../../helpers';
import { seededRandom } from '../../../scripts/seeded';

const MODELS = [fixtureModel('tiny-bert'), fixtureModel('tiny-unigram')];
after(() => disposeModels());

function gscTexts(n: number): string[] {
  return readFileSync(sharedDataPath('nl/gsc-dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, n)
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

function transcript(file: string, maxChars: number): string {
  const d = JSON.parse(readFileSync(join(sharedDataPath('meetings/qmsum-val'), file), 'utf8')) as {
    meeting_transcripts: { speaker: string; content: string }[];
  };
  let out = '';
  for (const t of d.meeting_transcripts) {
    if (out.length > maxChars) break;
    out += `${t.speaker}: ${t.content}\n`;
  }
  return out;
}

async function check(text: string, rate: number, model: string, tokenizer: 'o200k_base' | 'cl100k_base') {
  const count = tokenCounter(tokenizer);
  const budget = Math.round(count(text) * rate);
  const out = await compressText({ text, budget, count, tokenizer, options: { model } });
  assert.ok(isFaithful(text, out.compressed), `faithful: ${JSON.stringify(text.slice(0, 80))} @${rate}`);
  const tol = budgetTolerance(budget);
  assert.ok(out.compressedTokens <= tol.max, `${out.compressedTokens} <= ${tol.max}`);
  if (!out.notes.some((n) => n.includes('forced content'))) {
    assert.ok(out.compressedTokens >= tol.min, `${out.compressedTokens} >= ${tol.min} (budget ${budget}, rate ${rate}, ${tokenizer})`);
  }
  return out;
}

test('GSC sentences: faithful and within budget at many rates, both families and target tokenizers', async () => {
  const texts = gscTexts(120);
  const rates = [0.25, 0.4, 0.55, 0.7, 0.85];
  for (const model of MODELS) {
    for (let i = 0; i < texts.length; i++) {
      await check(texts[i], rates[i % rates.length], model, i % 2 ? 'cl100k_base' : 'o200k_base');
    }
    // Several sentences as one paragraph per line.
    const doc = texts.slice(0, 60).join('\n');
    for (const rate of [0.2, 0.33, 0.5, 0.75]) {
      const out = await check(doc, rate, model, 'o200k_base');
      assert.ok(out.compressed.split('\n').length <= 60);
    }
  }
});

test('QMSum transcripts: multi-chunk inputs keep speaker lines, faithful, within budget', async () => {
  const files = readdirSync(sharedDataPath('meetings/qmsum-val'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .slice(0, 3);
  for (const [i, file] of files.entries()) {
    const text = transcript(file, 12_000);
    for (const model of MODELS) {
      for (const rate of [0.2, 0.33, 0.5]) {
        const out = await check(text, rate, model, i % 2 ? 'cl100k_base' : 'o200k_base');
        // Every output line is (part of) one input line: line structure kept, no lines merged.
        const inLines = new Set(text.split('\n'));
        for (const line of out.compressed.split('\n').filter(Boolean)) {
          assert.ok(
            [...inLines].some((l) => isFaithful(l, line)),
            `line ${JSON.stringify(line)} comes from one input line`,
          );
        }
      }
    }
  }
});

test('property: no debris lines, speaker labels whole and only with their turn, budgets met (transcripts and Markdown, random rates)', async () => {
  const rand = seededRandom(12);
  const files = readdirSync(sharedDataPath('meetings/qmsum-val'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const docs: { text: string; speakers?: Set<string> }[] = [];
  for (const f of files.slice(3, 7)) {
    const d = JSON.parse(readFileSync(join(sharedDataPath('meetings/qmsum-val'), f), 'utf8')) as { meeting_transcripts: { speaker: string }[] };
    docs.push({ text: transcript(f, 6_000 + Math.floor(rand() * 10_000)), speakers: new Set(d.meeting_transcripts.map((t) => t.speaker)) });
  }
  for (const f of ['README.md', 'src/core/README.md', 'CHANGELOG.md']) {
    try {
      docs.push({ text: readFileSync(f, 'utf8') });
    } catch {}
  }
  assert.ok(docs.length >= 6);
  for (const [di, doc] of docs.entries()) {
    for (const model of MODELS) {
      for (let k = 0; k < 3; k++) {
        const rate = 0.03 + rand() * 0.6;
        const out = await check(doc.text, rate, model, (di + k) % 2 ? 'cl100k_base' : 'o200k_base');
        assert.deepEqual(debrisLines(out.compressed).debris, [], `no debris lines @${rate.toFixed(3)}`);
        for (const line of out.compressed.split(/\r\n|\r|\n/)) {
          if (line.trim() === '' || !doc.speakers) continue;
          const colon = line.indexOf(': ');
          assert.ok(colon > 0 && doc.speakers.has(line.slice(0, colon)), `label whole: ${JSON.stringify(line.slice(0, 60))}`);
          assert.match(line.slice(colon + 2), /[\p{L}\p{N}]/u, `label with content: ${JSON.stringify(line)}`);
        }
      }
    }
  }
});
