import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFaithful } from '../../../src/core/faithfulness';
import { render, resolveMarkers } from '../../../src/core/text/render';
import { segment, sentenceOfUnits } from '../../../src/core/text/words';

const words = (text: string) => segment(text).words.map((w) => w.text);

test('words carry exact JS offsets and cover every non-space character', () => {
  const text = 'Héllo, wörld! e\u0301tude 👨‍👩‍👧 ok 🇫🇷 ❤️ 中文字 x\r\nnext\tline 3.5% don’t';
  const seg = segment(text);
  const covered = new Uint8Array(text.length);
  let prevEnd = 0;
  for (const w of seg.words) {
    assert.equal(text.slice(w.start, w.end), w.text);
    assert.ok(w.start >= prevEnd, 'in order, not overlapping');
    prevEnd = w.end;
    covered.fill(1, w.start, w.end);
  }
  for (let i = 0; i < text.length; i++) if (!/\s/.test(text[i])) assert.equal(covered[i], 1, `char ${i} ${JSON.stringify(text[i])}`);
});

test('emoji sequences, flags and combining marks stay whole; CJK characters are separate words of one unit', () => {
  const w = words('a 👨‍👩‍👧 b 🇫🇷 c e\u0301tude ❤️ 中文字');
  assert.deepEqual(w, ['a', '👨‍👩‍👧', 'b', '🇫🇷', 'c', 'e\u0301tude', '❤️', '中', '文', '字']);
  const seg = segment('中文字');
  assert.equal(seg.units.length, 1, 'a CJK run is one lexical token, hence one unit');
  assert.equal(seg.words.length, 3);
});

test('URLs, code spans, numbers and contractions are single words', () => {
  assert.deepEqual(words('See https://example.com/a_b?x=1&y=2. Run `npm test` now'), [
    'See',
    'https://example.com/a_b?x=1&y=2',
    '.',
    'Run',
    '`npm test`',
    'now',
  ]);
  assert.deepEqual(words('It costs $1,849.50 at 10:30 (don’t) on 2024-01-02'), [
    'It',
    'costs',
    '$1,849.50',
    'at',
    '10:30',
    '(',
    'don’t',
    ')',
    'on',
    '2024-01-02',
  ]);
  assert.deepEqual(words('(see https://x.org/a_(b))'), ['(', 'see', 'https://x.org/a_(b)', ')']);
});

test('Markdown markers at line start are marker units; CRLF lines are split right', () => {
  const text = '# Title\r\n- item one\r\n  2. sub item\r\n> quote\r\n```ts\r\ncode here\r\n```\r\n';
  const seg = segment(text);
  const markers = seg.units.filter((u) => u.kind === 'marker').map((u) => text.slice(u.start, u.end));
  assert.deepEqual(markers, ['#', '-', '2.', '>', '```ts', '```']);
  assert.equal(seg.lines.length, 7);
  assert.equal(text.slice(seg.lines[1].start, seg.lines[1].end), '- item one');
});

test('sentences end at . ! ? and at line ends', () => {
  const seg = segment('One two. Three four!\nFive 3.5 six');
  const s = sentenceOfUnits(seg);
  assert.deepEqual(Array.from(s), [0, 0, 0, 1, 1, 1, 2, 2, 2]);
});

function keepWhere(text: string, pred: (t: string) => boolean) {
  const seg = segment(text);
  const keep = Uint8Array.from(seg.units.map((u) => (pred(text.slice(u.start, u.end)) ? 1 : 0)));
  resolveMarkers(seg, keep);
  return render(seg, keep).text;
}

test('rendering with everything kept reproduces the input exactly', () => {
  for (const text of ['a  b\t c\r\n\r\n  - x\n\n\n# h\n', ' lead', 'trail  ', '中文，字。\n']) {
    assert.equal(
      keepWhere(text, () => true),
      text,
    );
  }
});

test('no glued words, one space where a dropped word sat between spaces, none before punctuation', () => {
  assert.equal(
    keepWhere('Hello big, world', (t) => t !== 'big'),
    'Hello, world',
  );
  assert.equal(
    keepWhere('Hello big world', (t) => t !== 'big'),
    'Hello world',
  );
  assert.equal(
    keepWhere('foo-bar', (t) => t !== '-'),
    'foo bar',
  );
  assert.equal(
    keepWhere('a (b) c', (t) => t === 'a' || t === 'c'),
    'a c',
  );
});

test('CJK: no spaces inserted; punctuation between kept CJK runs is restored for faithfulness', () => {
  const text = '我爱北京，今天天气很好。明天';
  const out = keepWhere(text, (t) => t !== '，' && t !== '。');
  assert.equal(out, text);
  assert.ok(!/ /.test(out));
  assert.equal(
    keepWhere('我爱北京，今天。', (t) => t !== '今天'),
    '我爱北京，。',
  );
  assert.ok(isFaithful(text, out));
});

test('lines that lose every unit disappear, markers follow their line, blank runs do not pile up', () => {
  const text = '# Title\n\n- one two\n- drop\n\nPara\n\nGone\n\nEnd\n';
  const out = keepWhere(text, (t) => !['drop', 'Gone', 'Title'].includes(t));
  assert.equal(out, '- one two\n\nPara\n\nEnd\n');
});

test('a combining mark after an emoji or a quote goes with the letters after it, and URLs keep a final "_"', () => {
  assert.deepEqual(words('🙂\u0301re it'), ['🙂', '\u0301re', 'it']);
  assert.deepEqual(words('’\u0301http x'), ['’', '\u0301http', 'x']);
  assert.deepEqual(words('❤️it'), ['❤', '\uFE0Fit']);
  assert.deepEqual(words('see http://x.y/z_ now'), ['see', 'http://x.y/z_', 'now']);
  // dropping the word after the mark leaves no bare mark behind
  assert.ok(
    isFaithful(
      '🙂\u0301re it',
      keepWhere('🙂\u0301re it', (t) => t !== '\u0301re'),
    ),
  );
});

test('property: whatever units are dropped, the rendering is faithful (nasty alphabet, 20,000 cases)', () => {
  const parts = [
    "'",
    '’',
    's',
    're',
    ' ',
    '\n',
    'it',
    '.',
    '?',
    '“',
    '日本',
    '🙂',
    '❤️',
    '\u0301',
    '\u200D',
    '{',
    '-',
    '3.5',
    '1,2',
    '`a b`',
    'http://x.y/z',
    '# ',
    '- ',
    '```',
    '，',
    'e\u0301',
    '_',
    '$',
    '%',
    '\t',
    '\r\n',
    '👨‍👩‍👧',
    '🇫🇷',
    '𝐀',
  ];
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 20000; k++) {
    let text = '';
    for (let j = 1 + Math.floor(rnd() * 12); j > 0; j--) text += parts[Math.floor(rnd() * parts.length)];
    const seg = segment(text);
    const keep = Uint8Array.from(seg.units, () => (rnd() < 0.5 ? 1 : 0));
    resolveMarkers(seg, keep);
    const out = render(seg, keep).text;
    assert.ok(isFaithful(text, out), `${JSON.stringify(text)} → ${JSON.stringify(out)}`);
  }
});
