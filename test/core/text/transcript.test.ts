import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compress } from '../../../src/core/compress';
import { sharedDataPath } from '../../helpers';

// Real meeting transcripts (QMSum-val) hold a `{disfmarker}` or `{vocalsound}` every few words and many "eh"s:
// markup and hesitations must not take the budget that the speakers' words need.
function meeting(i: number): { text: string; query: string } {
  const dir = sharedDataPath('meetings/qmsum-val');
  const file = readdirSync(dir).sort()[i];
  const m = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    meeting_transcripts: { speaker: string; content: string }[];
    specific_query_list: { query: string }[];
  };
  return { text: m.meeting_transcripts.map((t) => `${t.speaker}: ${t.content}`).join('\n'), query: m.specific_query_list[0].query };
}

const HESITATION = /^(?:e+h+[mn]?|u+[hm]+|m{2,}|h+m+|n{3,}|um|uh)$/i;

test('a long transcript at 2,000 tokens keeps no annotation markup and few hesitations, with and without a query', async () => {
  for (const i of [0, 3]) {
    const { text, query } = meeting(i);
    assert.ok(/\{(disfmarker|vocalsound)\}/.test(text), 'the transcript has annotations');
    for (const question of [undefined, query]) {
      const r = await compress(text, { targetTokens: 2000, question });
      assert.ok(r.compressedTokens <= 2000);
      const words = r.compressed.split(/\s+/).filter(Boolean);
      const markup = words.filter((w) => /disfmarker|vocalsound|nonvocalsound/.test(w));
      assert.equal(markup.length, 0, `meeting ${i}${question ? ' with the query' : ''}: annotations kept: ${markup.slice(0, 5).join(' ')}`);
      const hesitations = words.filter((w) => HESITATION.test(w)).length;
      assert.ok(hesitations <= words.length * 0.01, `meeting ${i}: ${hesitations} hesitations in ${words.length} words`);
    }
  }
});

test('a bracketed annotation goes before any word; the same word as speech is kept like any other', async () => {
  const text =
    'Anna: So the {vocalsound} pricing change ships on Monday {disfmarker} and support gets the new FAQ.\n' +
    'Ben: [laughter] Fine. The noise on the line is terrible, by the way, and the music in the lobby too.\n';
  const r = await compress(text, { rate: 0.7 });
  assert.ok(!/vocalsound|disfmarker|laughter/.test(r.compressed), r.compressed);
  assert.ok(!/[{}[\]]/.test(r.compressed), `no bracket debris: ${r.compressed}`);
  assert.ok(/noise/.test(r.compressed) && /music/.test(r.compressed), `plain words stay: ${r.compressed}`);
  // Nothing but annotations: the budget may keep some, each whole with its brackets.
  for (const rate of [0.3, 0.5, 0.7]) {
    const only = await compress('A: {vocalsound} {disfmarker}\nB: [laughter] [inaudible]\n', { rate });
    for (const piece of only.compressed.split(/\s+/).filter((w) => /[{}[\]]/.test(w)))
      assert.match(piece, /^(\{[a-z]+\}|\[[a-z]+\])$/, `rate ${rate}: a bracket without its annotation in ${JSON.stringify(only.compressed)}`);
  }
});
