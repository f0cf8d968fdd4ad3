/** Phrase cohesion, content priors and decisive question-aware allocation, on real ONNX sessions (no mocks). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultModelDir } from '../../../src/core/assets';
import { tokenCounter } from '../../../src/core/budget/tokenizers';
import { isFaithful } from '../../../src/core/faithfulness';
import { analyze, disposeModels, selectScored } from '../../../src/core/text';
import { phraseGroups } from '../../../src/core/text/phrases';
import { answerType } from '../../../src/core/text/relevance';
import { segment, sentenceOfUnits } from '../../../src/core/text/words';
import { fixtureModel } from '../../helpers';

after(() => disposeModels());
const count = tokenCounter('o200k_base');
const MODELS = [fixtureModel('tiny-bert'), ...(existsSync(join(defaultModelDir(), 'model.onnx')) ? [defaultModelDir()] : [])];

/** The phrases of a text, as strings (multi-unit ones only). */
function phrases(text: string): string[] {
  const seg = segment(text);
  const g = phraseGroups(seg, sentenceOfUnits(seg));
  const out = new Map<number, [number, number, number]>();
  seg.units.forEach((u, i) => {
    const p = out.get(g[i]);
    if (p) {
      p[1] = u.end;
      p[2]++;
    } else out.set(g[i], [u.start, u.end, 1]);
  });
  // A fact (facts.ts) is one unit and so whole by itself: "12 March 2011", "$1,849", "17 seconds".
  const fact = (a: number, b: number) => seg.units.some((u) => u.start === a && u.end === b && u.fact);
  return [...out.values()].filter(([a, b, n]) => n > 1 || fact(a, b)).map(([a, b]) => text.slice(a, b));
}

test('names, numbers with units, dates, initials, hyphenated and quoted spans are phrases', () => {
  const text =
    'On 12 March 2011 the University of Paris paid $1,849 to Procter & Gamble, and on March 12, 2011 it grew 3.5 percent. ' +
    'Frederick W. Mote wrote about state-of-the-art "design build" contracts in the Bank of the United States, reaching 27-30% in 17 seconds.';
  const got = phrases(text);
  for (const want of [
    '12 March 2011',
    'University of Paris',
    '$1,849',
    'Procter & Gamble',
    'March 12, 2011',
    '3.5 percent',
    'Frederick W. Mote',
    'state-of-the-art',
    '"design build"',
    'Bank of the United States',
    '27-30%',
    '17 seconds',
  ]) {
    assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  }
  // Sentence-initial capitalised common words do not start names; phrases never cross sentences.
  assert.ok(!phrases('However Tesla left. Then Edison came.').some((p) => p.includes('.')));
});

test("a question's wh-phrase names the kind of value it asks for", () => {
  assert.equal(answerType('How many interceptions did he have?'), 'number');
  assert.equal(answerType('When was the university founded?'), 'date');
  assert.equal(answerType('In what year did it open?'), 'date');
  assert.equal(answerType('Who was the first chair of the IPCC?'), 'name');
  assert.equal(answerType('Why did it fail?'), undefined);
});

const DOC =
  'The treaty was signed on 12 March 2011 in the Palace of Versailles by Jean-Claude Juncker and Angela Merkel. ' +
  'Delegates from the European Commission argued for hours about fishing quotas, farm subsidies and the budget. ' +
  'The agreement cost $4.5 million and took effect on 1 January 2012 after ratification by 27 parliaments. ' +
  'Critics said the negotiations had been secretive, slow and dominated by the largest member states. ' +
  'Observers in Brussels noted that the final text was much shorter than the first draft of the document.';

for (const model of MODELS) {
  const name = model.split('/').pop();
  test(`${name}: a date, an amount or a multi-word name is never cut in half`, async () => {
    const a = await analyze(DOC, { model });
    const seg = a.seg;
    const groups = phraseGroups(seg, sentenceOfUnits(seg));
    for (const rate of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
      const budget = Math.round(count(DOC) * rate);
      for (const question of [undefined, 'When did the agreement take effect?']) {
        const out = selectScored(a, { budget, count, question });
        assert.ok(isFaithful(DOC, out.compressed));
        assert.ok(out.compressedTokens <= budget, `${out.compressedTokens} <= ${budget}`);
        const state = new Map<number, Set<number>>();
        seg.units.forEach((u, i) => {
          if (u.kind === 'punct' && seg.text.slice(u.start, u.end) === '.') return; // forced
          const s = state.get(groups[i]) ?? new Set<number>();
          s.add(out.kept[i]);
          state.set(groups[i], s);
        });
        for (const [g, s] of state) {
          const members = seg.units.filter((_, i) => groups[i] === g).map((u) => DOC.slice(u.start, u.end));
          assert.ok(s.size === 1, `phrase ${members.join(' ')} split at rate ${rate}`);
        }
      }
    }
  });

  test(`${name}: with a question about X, the sentence naming X survives whole at rate 0.5`, async () => {
    const a = await analyze(DOC, { model });
    const budget = Math.round(count(DOC) * 0.5);
    const out = selectScored(a, { budget, count, question: 'How much did the agreement cost, and when did it take effect?' });
    assert.ok(
      out.compressed.includes('The agreement cost $4.5 million and took effect on 1 January 2012 after ratification by 27 parliaments.'),
      out.compressed,
    );
    const other = selectScored(a, { budget, count, question: 'What did critics say about the negotiations?' });
    assert.ok(
      other.compressed.includes('Critics said the negotiations had been secretive, slow and dominated by the largest member states.'),
      other.compressed,
    );
  });

  test(`${name}: numbers and names outlast common words without a question`, async () => {
    const a = await analyze(DOC, { model });
    const out = selectScored(a, { budget: Math.round(count(DOC) * 0.5), count });
    for (const v of ['12 March 2011', '$4.5 million', '1 January 2012', 'Angela Merkel']) assert.ok(out.compressed.includes(v), `${v}: ${out.compressed}`);
  });
}

const TRANSCRIPT =
  "Grad E: What 's it made out of ? And there 's some cases where the grammar breaks .\n" +
  "Professor D: We 're on ? Yes . It 's mostly big font . I 'd say we 'll need the other projector .\n";

for (const model of MODELS) {
  const name = model.split('/').pop();
  test(`${name}: a detached clitic ("we 're") is never left behind by its word`, async () => {
    const a = await analyze(TRANSCRIPT, { model });
    for (const rate of [0.3, 0.4, 0.5, 0.6, 0.7]) {
      const out = selectScored(a, { budget: Math.round(count(TRANSCRIPT) * rate), count });
      assert.ok(isFaithful(TRANSCRIPT, out.compressed));
      // every "'s", "'re", "'d", "'ll" in the output still follows the word it belongs to
      const words = out.compressed.split(/\s+/);
      words.forEach((w, i) => {
        if (/^'(?:s|re|d|ll)$/.test(w)) assert.match(words[i - 1] ?? '', /^(?:What|there|We|It|I|we)$/, `"${w}" at rate ${rate}: ${out.compressed}`);
      });
    }
  });
}
