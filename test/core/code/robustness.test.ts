/** Odd input never throws: random bytes, truncated files, huge files, CRLF, tabs, Unicode, empty. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyCode, compressCode, SUPPORTED_LANGUAGES } from '../../../src/core/code';
import { isFaithful } from '../../../src/core/faithfulness';
import { compressAt, counters, fixture, fixtures } from './helpers';

/** Deterministic pseudo-random generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random bytes decoded as a string, in every language', async () => {
  const rand = rng(7);
  for (const language of [...SUPPORTED_LANGUAGES, undefined]) {
    for (let trial = 0; trial < 3; trial++) {
      const bytes = new Uint8Array(400 + trial * 300).map(() => Math.floor(rand() * 256));
      const text = new TextDecoder().decode(bytes);
      for (const rate of [0.3, 0.7]) {
        const { out } = await compressAt(text, language, rate);
        assert.ok(isFaithful(text, out.compressed), `${language} trial ${trial} @${rate}`);
      }
    }
  }
});

test('truncated files (cut at many points) stay faithful', async () => {
  for (const f of fixtures()) {
    for (const frac of [0.13, 0.5, 0.77]) {
      const text = f.text.slice(0, Math.floor(f.text.length * frac));
      const { out } = await compressAt(text, f.language, 0.5);
      assert.ok(isFaithful(text, out.compressed), `${f.name} cut at ${frac}`);
      assert.equal(out.language, f.language, 'tree-sitter error recovery, not the fallback');
    }
  }
});

test('a 5 MB file compresses within budget', async () => {
  const unit = fixture('server.js');
  const text = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
  const { out, budget, count } = await compressAt(text, 'javascript', 0.5);
  assert.ok(isFaithful(text, out.compressed));
  const tokens = count(out.compressed);
  assert.ok(tokens <= budget && tokens >= budget * 0.95, `${tokens} vs ${budget}`);
});

test('CRLF, tabs and Unicode identifiers', async () => {
  const text = 'def grüße(naïve, 名前):\r\n\t"""Grüßt."""\r\n\tωmega = naïve + 名前  # 注释\r\n\treturn f"{ωmega} 👋"\r\n\r\nclass Ça:\r\n\tpass\r\n';
  const { tokens } = await classifyCode(text, 'python');
  assert.ok(tokens.some((t) => t.text === 'grüße' && t.types.includes('Signature')));
  assert.ok(tokens.some((t) => t.text === '名前'));
  for (const rate of [0.2, 0.4, 0.6, 0.8]) {
    const { out } = await compressAt(text, 'python', rate);
    assert.ok(isFaithful(text, out.compressed), `@${rate}: ${out.compressed}`);
    assert.ok(!/[^\r]\n/.test(out.compressed), 'CRLF kept');
  }
  const astral = 'const 𝑥 = 1;\nconst 𝑦𝑧 = 𝑥 + 2;\nconsole.log(𝑦𝑧);\n';
  for (const rate of [0.3, 0.6]) {
    const { out } = await compressAt(astral, 'javascript', rate);
    assert.ok(isFaithful(astral, out.compressed), out.compressed);
  }
});

test('empty and whitespace-only input', async () => {
  const count = counters.o200k_base;
  const empty = await compressCode({ text: '', budget: 0, count, tokenizer: 'o200k_base', language: 'python', preset: 'context' });
  assert.deepEqual([empty.compressed, empty.spans, empty.compressedTokens], ['', [], 0]);
  const ws = await compressCode({ text: '  \n\t\n', budget: 1, count, tokenizer: 'o200k_base', language: 'go', preset: 'context' });
  assert.deepEqual(ws.spans, []);
});

test('unknown language → lexical fallback with a note', async () => {
  const text = 'PROCEDURE DIVISION.\n    DISPLAY "HELLO" UPON CONSOLE.\n    IF X > 1 THEN MOVE X TO Y.\n    STOP RUN.\n';
  const count = counters.o200k_base;
  const out = await compressCode({ text, budget: 15, count, tokenizer: 'o200k_base', language: undefined, preset: 'context' });
  assert.ok(out.notes.includes('unknown language: lexical fallback'), out.notes.join());
  assert.equal(out.language, undefined);
  assert.ok(isFaithful(text, out.compressed));
  assert.ok(out.compressedTokens <= 15);
  const named = await compressCode({ text, budget: 15, count, tokenizer: 'o200k_base', language: 'cobol', preset: 'context' });
  assert.match(named.notes.join(), /unsupported language "cobol": lexical fallback/);
});

test('tiny budgets: nothing throws and the output fits or everything is gone', async () => {
  for (const f of fixtures()) {
    for (const budget of [0, 1, 3]) {
      const count = counters.cl100k_base;
      const out = await compressCode({ text: f.text, budget, count, tokenizer: 'cl100k_base', language: f.language, preset: 'repair' });
      assert.ok(isFaithful(f.text, out.compressed));
      assert.ok(out.compressedTokens <= budget || out.spans.every((s) => !s.kept), `${f.name} budget ${budget}`);
    }
  }
});
