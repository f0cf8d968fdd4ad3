/** The code engine's lexical tokens are the faithfulness contract's: one definition (faithfulness.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lexicalTokens as codeLexicalTokens } from '../../../src/core/code/buffer';
import { classify } from '../../../src/core/code/engine';
import { wordAt, wordBefore } from '../../../src/core/code/lexical';
import { LEXICAL_TOKEN_SOURCE, lexicalTokens, WORD_CHAR } from '../../../src/core/faithfulness';
import { fixtures } from './helpers';

/** Deterministic pseudo-random strings over letters, marks, digits, `_`, symbols, spaces, CJK and astral characters. */
function* randomTexts(count: number, seed = 11): Generator<string> {
  const pieces = [
    'a',
    'Z',
    'é',
    'e\u0301',
    '\u0301',
    '_',
    '7',
    '٣',
    '東',
    '京',
    '🙂',
    '𝔘',
    '\u{1F44D}\u{1F3FD}',
    '(',
    ')',
    '.',
    ';',
    ',',
    '"',
    "'",
    '-',
    '>',
    '⋯',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\u00a0',
    '\u3000',
    'if',
    'return',
  ];
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  for (let c = 0; c < count; c++) {
    let text = '';
    const len = Math.floor(next() * 40);
    for (let i = 0; i < len; i++) text += pieces[Math.floor(next() * pieces.length)];
    yield text;
  }
}

test('the lexical fallback splits text exactly into the contract lexical tokens', () => {
  for (const text of randomTexts(2000)) {
    const tok = codeLexicalTokens(text);
    const got: string[] = [];
    for (let i = 0; i < tok.n; i++) got.push(text.slice(tok.start[i], tok.end[i]));
    assert.deepEqual(got, lexicalTokens(text), JSON.stringify(text));
  }
});

test('wordAt / wordBefore agree with the contract word character at every offset', () => {
  for (const text of randomTexts(500, 7)) {
    for (let i = 0; i <= text.length; i++) {
      const at = text.codePointAt(i);
      assert.equal(wordAt(text, i), at !== undefined && WORD_CHAR.test(String.fromCodePoint(at)), `wordAt ${JSON.stringify(text)} ${i}`);
      const lo = text.charCodeAt(i - 1);
      const hi = i >= 2 ? text.charCodeAt(i - 2) : 0;
      const before = lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff ? text.codePointAt(i - 2)! : lo;
      assert.equal(wordBefore(text, i), i > 0 && WORD_CHAR.test(String.fromCodePoint(before)), `wordBefore ${JSON.stringify(text)} ${i}`);
    }
  }
});

test('grammar tokens never cut a lexical token', async () => {
  for (const f of fixtures()) {
    const { tokens: tok } = await classify(f.text, f.language);
    const bounds = new Set<number>();
    const re = new RegExp(LEXICAL_TOKEN_SOURCE, 'gu');
    for (let m = re.exec(f.text); m; m = re.exec(f.text)) bounds.add(m.index).add(m.index + m[0].length);
    for (let i = 0; i < tok.n; i++) {
      assert.ok(bounds.has(tok.start[i]) && bounds.has(tok.end[i]), `${f.name}: token ${i} ${JSON.stringify(f.text.slice(tok.start[i], tok.end[i]))}`);
    }
  }
});
