import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compress } from '../../src/core';
import { elidedLines } from '../../webview/compression/render';

const CODE = `export function total(items: number[]): number {
  let sum = 0;
  for (const x of items) {
    sum += x;
  }
  return sum;
}

export function shipping(country: string): number {
  return country === 'DE' ? 4.9 : 9.9;
}
`;

test('each ⋯ of a real code compression is matched to the lines it replaces', async () => {
  {
    const r = await compress(CODE, { rate: 0.3, language: 'typescript' });
    const marks = [...r.compressed].filter((c) => c === '\u22EF').length;
    assert.ok(marks >= 1, `the body was elided (${r.compressed})`);
    const lines = elidedLines(CODE, r.compressed, r.spans);
    assert.equal(lines.length, marks, 'one count per mark');
    assert.ok(
      lines.every((n) => n >= 1),
      `every mark is placed (${lines})`,
    );
    if (/total\([^)]*\): number \{ ⋯ \}/.test(r.compressed)) assert.equal(lines[0], 5, 'the body of total() is 5 lines');
  }
});

test('a hand-made result: the stretch between the kept tokens around the mark', () => {
  const original = 'f() {\n  a();\n  b();\n}\ng() {}';
  const tok = (s: string, from = 0) => original.indexOf(s, from);
  const spans = [
    { start: 0, end: 1, kept: true },
    { start: tok('{'), end: tok('{') + 1, kept: true },
    { start: tok('a'), end: tok('a') + 1, kept: false },
    { start: tok('b'), end: tok('b') + 1, kept: false },
    { start: tok('}'), end: tok('}') + 1, kept: true },
    { start: tok('g'), end: tok('g') + 1, kept: true },
  ];
  assert.deepEqual(elidedLines(original, 'f { ⋯ }\ng', spans), [2]);
  assert.deepEqual(elidedLines(original, 'no marks', spans), []);
});
