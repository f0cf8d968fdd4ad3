import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TersifyError } from '../../src/core/errors';
import { isFaithful, lexicalTokens } from '../../src/core/faithfulness';
import { checkTextInput, decodeInput, looksBinary } from '../../src/core/input';
import { decodeSource } from '../../src/core/sources/text';

test('binary data is refused with a clear error', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.throws(
    () => decodeInput(png),
    (e: unknown) => e instanceof TersifyError && e.code === 'binary' && /binary input/.test(e.message),
  );
  assert.equal(looksBinary('plain text\twith tabs\r\n'), false);
  assert.throws(() => checkTextInput('abc\u0000def'), /binary input/);
});

test('invalid UTF-8 is decoded with replacement characters and a warning; a BOM is dropped', () => {
  const bytes = new Uint8Array([0x68, 0x69, 0x20, 0xff, 0xfe, 0x21]);
  const d = decodeInput(bytes);
  assert.equal(d.text, 'hi \uFFFD\uFFFD!');
  assert.match(d.warning ?? '', /not valid UTF-8/);
  assert.equal(decodeInput(new TextEncoder().encode('\uFEFFhello')).text, 'hello');
  assert.equal(decodeInput(new Uint8Array()).text, '');
});

test('lexical tokens follow the contract; faithfulness allows deletions and the elision mark only', () => {
  assert.deepEqual(lexicalTokens('foo_bar(x1) => 東京 é'), ['foo_bar', '(', 'x1', ')', '=', '>', '東京', 'é']);
  assert.ok(isFaithful('a b c d', 'a c'));
  assert.ok(isFaithful('f(x) { return x; }', 'f(x) { ⋯ }'));
  assert.ok(!isFaithful('a b c', 'c a'));
  assert.ok(!isFaithful('foo bar', 'foobar'), 'gluing two words invents a token');
});

test('UTF-16 with a byte-order mark is decoded; a NUL byte after the first 8 KB still means binary', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('naïve café ✓', 'utf16le')]);
  assert.equal(decodeInput(le).text, 'naïve café ✓');
  const be = Buffer.from(le).swap16();
  assert.equal(decodeInput(be).text, 'naïve café ✓');
  assert.deepEqual(decodeSource(le), { text: 'naïve café ✓' });
  const late = Buffer.concat([Buffer.from('text '.repeat(4000)), Buffer.from([0]), Buffer.from(' more')]);
  assert.throws(() => decodeInput(late), /binary input/);
  assert.deepEqual(decodeSource(late), { skip: 'binary' });
  assert.ok(looksBinary(`${'x'.repeat(10_000)}\u0000`));
});

test('unpaired surrogates are refused with a clear error (a deletion could glue two halves into a new character)', async () => {
  const { compress } = await import('../../src/core/compress');
  for (const bad of ['a \ud83d b', 'a \ude00 b', 'x\ud83d and more words \ude00y']) {
    await assert.rejects(compress(bad, { mode: 'code', rate: 0.5 }), /not valid Unicode: an unpaired UTF-16 surrogate at character \d+/);
  }
  const ok = await compress('smile 😀 and 𝒳 stay whole', { mode: 'code', rate: 1 });
  assert.equal(ok.compressed, 'smile 😀 and 𝒳 stay whole');
});
