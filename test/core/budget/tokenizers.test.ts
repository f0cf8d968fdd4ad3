import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { splitLongRuns, tokenCounter } from '../../../src/core/budget/tokenizers';

const plain = { disallowedSpecial: new Set<string>() };
const encodings = [
  ['o200k_base', o200k],
  ['cl100k_base', cl100k],
] as const;

test('long runs of one character are counted in chunks, exactly (at most one token over for "-" and "/")', () => {
  let exact = 0;
  let cases = 0;
  for (const [name, enc] of encodings) {
    const count = tokenCounter(name);
    for (const c of [...'()[]{}<>=+*\\|_.,;:!?#@$%^&~`\'" \taZ我é', '\u3000', '😀', '=-', '我们', '-', '/']) {
      for (const n of [600, 1030, 1800]) {
        const s = c.repeat(Math.ceil(n / c.length));
        const truth = enc.countTokens(s, plain);
        const got = count(s);
        cases++;
        if (got === truth) exact++;
        else assert.ok(got === truth + 1 && (c === '-' || c === '/'), `${name} ${JSON.stringify(c)}×${n}: ${got} vs ${truth}`);
      }
    }
  }
  assert.ok(exact / cases > 0.97, `${exact}/${cases}`);
});

test('long runs of mixed characters count within 0.5% of the tokenizer; pairs are never cut', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const count = tokenCounter('o200k_base');
  for (const gen of [
    () => String.fromCharCode(0x4e00 + Math.floor(rnd() * 3000)),
    () => String.fromCharCode(97 + Math.floor(rnd() * 26)),
    () => '(){}[]<>=-+*/'[Math.floor(rnd() * 13)],
    () => String.fromCodePoint(0x1f600 + Math.floor(rnd() * 60)),
  ]) {
    const s = Array.from({ length: 3000 }, gen).join('');
    const truth = o200k.countTokens(s, plain);
    assert.ok(Math.abs(count(s) - truth) <= truth * 0.005, `${s.slice(0, 4)}: ${count(s)} vs ${truth}`);
    const parts = splitLongRuns(s);
    assert.ok(parts && parts.join('') === s);
    for (const p of parts) assert.ok(!/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(p), 'a surrogate pair was cut');
  }
  assert.equal(splitLongRuns('short text'), undefined);
  assert.equal(splitLongRuns('word '.repeat(1000)), undefined, 'ordinary text is never cut');
});

test('a 160 K-character run is counted (it used to take minutes): 40,000 tokens of "(((("', () => {
  assert.equal(tokenCounter('cl100k_base')('('.repeat(160_000)), 40_000);
});

test('counting line by line (cached) equals the tokenizer on code in 14 languages, edge cases, and edited code', () => {
  const root = join(__dirname, '../../fixtures');
  const texts: string[] = [];
  for (const f of readdirSync(join(root, 'code')).sort()) texts.push(readFileSync(join(root, 'code', f), 'utf8'));
  // Edge cases at line starts: indentation, '/' (a punctuation pre-token takes it), blank and whitespace-only
  // lines, CRLF, tabs, non-ASCII spaces.
  texts.push('a;\n/b/\n  // c\n\n  \n\tx = 1;\r\n  y\r\n\u00a0z\n}\n\n\n)\n/* d */\n');
  assert.ok(texts.length > 10);
  for (const [name, enc] of encodings) {
    const count = tokenCounter(name);
    for (const t of texts) {
      assert.equal(count(t), enc.countTokens(t, plain));
      // Renderings that drop every other line (what budget fitting counts).
      const edited = t
        .split('\n')
        .filter((_, i) => i % 2 === 0)
        .join('\n');
      assert.equal(count(edited), enc.countTokens(edited, plain));
    }
  }
});
