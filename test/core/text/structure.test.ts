/** Structure survives only with content: punctuation with its sentence, labels and markers with their block. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from '../../../src/core/text/render';
import { debrisLines, dropDebris, structureOf } from '../../../src/core/text/structure';
import { segment } from '../../../src/core/text/words';

/** Keeps the units whose text is in `words` (all occurrences), applies the rules, renders. */
function keepOnly(text: string, words: string[]): string {
  const seg = segment(text);
  const keep = Uint8Array.from(seg.units, (u) => (words.includes(text.slice(u.start, u.end)) ? 1 : 0));
  dropDebris(seg, keep);
  return render(seg, keep).text.replace(/\n+$/, '\n');
}

test('a speaker label survives whole with its turn content, and not at all without it', () => {
  const text = 'Grad B: Yeah . So the tower ?\nProfessor C: Mm . Okay .\nPhD A: \nMarketing: the budget is 12 euros .\n';
  const seg = segment(text);
  const { label } = structureOf(seg);
  const labelled = seg.units.filter((_, i) => label[i]).map((u) => text.slice(u.start, u.end));
  assert.deepEqual(labelled, ['Grad', 'B', ':', 'Professor', 'C', ':', 'PhD', 'A', ':', 'Marketing', ':']);
  const out = keepOnly(text, ['tower', '?', '.', 'budget', '12']);
  assert.equal(out, 'Grad B: tower ?\nMarketing: budget 12 .\n');
  assert.deepEqual(debrisLines(out).debris, []);
});

test('force tokens and other punctuation go with the content of their sentence', () => {
  const text = 'Wow . Perfect ! Why ? The tower is 30 m tall .\n';
  assert.equal(keepOnly(text, ['.', '!', '?', 'tower', '30']), 'tower 30 .\n');
  assert.equal(keepOnly(text, ['.', '!', '?']), '');
});

test('Markdown markers, fences and table delimiter rows follow their content', () => {
  const text = '# Title\n\n- first item\n- second\n\n| a | b |\n|---|---|\n| x | y |\n\n```\ncode here\n```\n';
  assert.equal(keepOnly(text, ['first', '|', '-', '#', '`']), '- first\n');
  const table = keepOnly(text, ['a', 'x', '|']);
  // A kept table keeps its header row whole and every pipe of a kept row.
  assert.equal(table, '| a | b |\n|---|---|\n| x | |\n');
  assert.deepEqual(debrisLines(table).debris, []);
  assert.equal(keepOnly(text, ['code']), '```\ncode\n```\n');
  assert.deepEqual(debrisLines('. ?\n- \n**\nok\n```\n').debris, ['. ?', '- ', '**']);
});
