import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acronymTerms, questionBoost, terms } from '../../../src/core/text/policy';
import { bm25, lemma, spreadRelevance } from '../../../src/core/text/relevance';
import { segment, sentenceOfUnits } from '../../../src/core/text/words';

test('light lemmatisation joins inflected forms and drops stop words', () => {
  assert.equal(lemma('Points'), lemma('point'));
  assert.equal(lemma('produced'), lemma('produce'));
  assert.equal(lemma('making'), lemma('make'));
  assert.equal(lemma('companies'), lemma('company'));
  assert.equal(lemma('Panthers’s'), lemma('Panther'));
  assert.deepEqual(terms('How many points did the Panthers give up?'), ['many', 'point', 'panther', '~panthe', lemma('giving')]);
});

test('derived forms share a prefix term, so a question about "reform" finds "Reformation"', () => {
  const q = terms('Where did this pro-reform leader teach?');
  const hit = terms('During the Protestant Reformation, Lefevre taught in Paris.');
  const miss = terms('The Normans gave their name to Normandy.');
  const s = bm25([hit, miss], q);
  assert.ok(s[0] > 0 && s[1] === 0, `scores ${s}`);
  // short words get no prefix term: "cat" and "catalogue" stay unrelated
  assert.equal(bm25([terms('a catalogue')], terms('cat'))[0], 0);
});

test('BM25 ranks the matching document first and ignores documents without query terms', () => {
  const s = bm25([['cat', 'sat'], ['dog', 'point', 'panther'], ['point']], ['panther', 'point']);
  assert.ok(s[1] > s[2] && s[2] > 0 && s[0] === 0);
});

test('the question boost orders the best sentence first and favours values near question terms', () => {
  const text = 'The garden has roses. The Panthers defense gave up just 308 points in 2015. Tickets are cheap.';
  const seg = segment(text);
  const sent = sentenceOfUnits(seg);
  const { boost, sentenceRelevance } = questionBoost(seg, sent, 'How many points did the Panthers defense give up?');
  assert.equal(sentenceRelevance[1], 1);
  const at = (w: string) => boost[seg.units.findIndex((u) => text.slice(u.start, u.end) === w)];
  assert.ok(at('308') > at('roses') + 1, 'best sentence outranks others by more than any keep probability');
  assert.ok(at('308') > at('just'), 'values get an extra boost');
  assert.ok(at('Tickets') < at('gave'));
});

test('relevance spreads to the neighbouring sentences and fades with distance (a relevant passage is a run of sentences)', () => {
  const out = spreadRelevance([0, 0, 1, 0, 0, 0, 0, 0], [10, 10, 10, 10, 10, 10, 10, 10], 20);
  assert.equal(out[2], 1);
  assert.ok(out[1] > 0.5 && out[3] > 0.5 && Math.abs(out[1] - out[3]) < 1e-12, String(out));
  for (let i = 3; i < 7; i++) assert.ok(out[i + 1] < out[i]);
  assert.deepEqual([...spreadRelevance([1, 2], [5, 5], 0)], [1, 2]);
});

test('a short question word that spells a capitalised phrase names it ("the us mint" → United States)', () => {
  const seg = segment('The Director of the United States Mint is vacant. Ask the United Nations.');
  const got = acronymTerms(seg, 'who is the current director of the us mint');
  assert.ok(got.includes('unit') || got.some((t) => t.startsWith('unit')), got.join(' '));
  assert.ok(
    got.some((t) => t.startsWith('stat')),
    got.join(' '),
  );
  assert.ok(!got.some((t) => t.startsWith('nation')), got.join(' '));
});
