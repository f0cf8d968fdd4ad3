import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitFencedBlocks } from '../../../src/core/segment/markdown';

test('fenced blocks are found with their language tag, fences kept apart', () => {
  const text = 'Intro line\n\n```python\ndef f():\n    return 1\n```\nAfter.\n~~~\nraw\n~~~\n';
  const segs = splitFencedBlocks(text);
  assert.deepEqual(
    segs.map((s) => [s.kind, text.slice(s.start, s.end), s.tag]),
    [
      ['prose', 'Intro line\n\n', undefined],
      ['fence', '```python\n', undefined],
      ['code', 'def f():\n    return 1\n', 'python'],
      ['fence', '```\n', undefined],
      ['prose', 'After.\n', undefined],
      ['fence', '~~~\n', undefined],
      ['code', 'raw\n', undefined],
      ['fence', '~~~\n', undefined],
    ],
  );
});

test('segments tile the input exactly, whatever the input (property)', () => {
  const parts = ['text ', '\n', '```ts\n', '```', '~~~~\n', '    ```\n', 'x = 1\n', '\r\n', '````md\n', 'é 東京\n', '`inline`'];
  let seed = 7;
  for (let trial = 0; trial < 500; trial++) {
    let text = '';
    const n = trial % 40;
    for (let i = 0; i < n; i++) {
      seed = (seed * 48271) % 2147483647;
      text += parts[seed % parts.length];
    }
    const segs = splitFencedBlocks(text);
    let at = 0;
    for (const s of segs) {
      assert.equal(s.start, at, JSON.stringify(text));
      assert.ok(s.end > s.start);
      at = s.end;
    }
    assert.equal(at, text.length);
  }
});

test('an unclosed fence runs to the end; a longer fence is not closed by a shorter one', () => {
  const a = splitFencedBlocks('see:\n```js\nlet x;\n');
  assert.deepEqual(
    a.map((s) => s.kind),
    ['prose', 'fence', 'code'],
  );
  const text = '````\n```\ninner\n```\n````\n';
  const b = splitFencedBlocks(text);
  assert.deepEqual(
    b.map((s) => s.kind),
    ['fence', 'code', 'fence'],
  );
  assert.equal(text.slice(b[1].start, b[1].end), '```\ninner\n```\n');
});
