/**
 * Issue 13: Markdown and facts survive compression the way a reader needs them — facts whole, table rows with all
 * their pipes, markers with their items, links whole or without brackets, no fused tokens (with the real model).
 * Issue 16 items 4 and 10: a deeply nested list, inline triple backticks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from '../../../src/core/budget/tokenizers';
import { compress } from '../../../src/core/compress';
import { isFaithful } from '../../../src/core/faithfulness';
import { splitFencedBlocks } from '../../../src/core/segment/markdown';
import { matchFact } from '../../../src/core/text/facts';
import { segment } from '../../../src/core/text/words';

const DESIGN = `# Pricing cache design

See the RFC at https://example.com/rfcs/pricing-cache.html and ticket PRICE-412 for context.
Latency fell by −99.5% after the change; the p95 is 152 ms and cost is $3.20 per 1,000 calls.

| metric | before | after | delta |
|---|---|---|---|
| hit rate | 97.1% | 96.4% | −0.7 pt |
| p95 latency | 152 ms | 0.8 ms | −99.5% |

- Set \`cache.ttlSeconds\` in config/pricing.yaml, or pass --cache-ttl=300 to the CLI.
  - Nested: use \`getPrice()\` from src/pricing/cache.ts (v2.3.1 or later).
> Note: contact ops@example.com before 2026-03-21 10:30.

## Next steps

1. Roll out on 21 March to 10% of traffic.
2. Review the dashboard on 7 April: [Grafana](https://grafana.example.com/d/abc) and ![badge](https://img.shields.io/badge/x-y-green.svg).
`;

/** Each fact with a fragment that must never appear without the whole. */
const FACTS: [string, string][] = [
  ['https://example.com/rfcs/pricing-cache.html', 'example.com/rfcs'],
  ['PRICE-412', 'PRICE'],
  ['−99.5%', '99.5'],
  ['152 ms', '152'],
  ['$3.20', '3.20'],
  ['`cache.ttlSeconds`', 'ttlSeconds'],
  ['config/pricing.yaml', 'pricing.yaml'],
  ['--cache-ttl=300', 'cache-ttl'],
  ['`getPrice()`', 'getPrice'],
  ['src/pricing/cache.ts', 'cache.ts'],
  ['v2.3.1', '2.3'],
  ['ops@example.com', 'ops'],
  ['2026-03-21 10:30', '03-21'],
];

const RATES = [0.9, 0.7, 0.5, 0.33, 0.2, 0.1];

function occurrences(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
  return n;
}

/** Output chunks (split at whitespace, pipes and link syntax) that are in no input chunk: fused tokens. */
function fused(input: string, output: string): string[] {
  const chunks = `\n${input.split(/[\s|]+/u).join('\n')}\n`;
  const out: string[] = [];
  for (const chunk of output.split(/[\s|]+|\]\(|\]\[|!?\[/u)) {
    const core = chunk.replace(/^[([{"'“‘*_~<]+/u, '').replace(/[.,;:!?)\]}"'”’*_~>]+$/u, '');
    if (core && !chunks.includes(core)) out.push(core);
  }
  return out;
}

const pipes = (s: string) => (s.match(/\|/g) ?? []).length;

test('facts are single units: URLs, paths, identifiers, flags, numbers with sign and unit, versions, tickets, dates', () => {
  const seg = segment(DESIGN);
  const facts = new Map(seg.units.filter((u) => u.fact).map((u) => [DESIGN.slice(u.start, u.end), u.fact]));
  for (const [fact] of FACTS) assert.ok(facts.has(fact), `${fact} is one fact unit (got ${[...facts.keys()].join(' · ')})`);
  assert.equal(facts.get('152 ms'), 'number');
  assert.equal(facts.get('−0.7 pt'), 'number');
  // Plain words and bare numbers are not facts; sentence punctuation is not part of one.
  const plain = (s: string, at = 0) => matchFact(s, at, s.length);
  assert.equal(plain('and/or'), undefined);
  assert.equal(plain('3.5GHz')?.length, 6);
  assert.equal(plain('1,000')?.kind.kind, 'number');
  assert.equal(plain('x86'), undefined);
  assert.equal(plain('e.g.'), undefined);
  assert.equal(plain('see docs/api.md.', 4)?.length, 'docs/api.md'.length);
  // A quoted name or message is a fact; quoted speech (transcripts pad it: `" you had some ideas "`) is not.
  assert.equal(plain('"Save As"')?.kind.kind, 'quote');
  assert.equal(plain('" he "'), undefined);
  assert.equal(plain('"well, I think we should just ship the thing on Friday anyway"'), undefined);
});

test('at every rate a fact is kept whole or dropped whole, and the budget is never exceeded', async () => {
  for (const rate of RATES) {
    const r = await compress(DESIGN, { rate });
    assert.ok(r.compressedTokens <= r.budget, `rate ${rate}: ${r.compressedTokens} > ${r.budget}`);
    assert.ok(isFaithful(DESIGN, r.compressed));
    for (const [fact, fragment] of FACTS) {
      assert.ok(
        occurrences(r.compressed, fragment) <=
          occurrences(r.compressed, fact) * occurrences(fact, fragment) + occurrences(DESIGN.replaceAll(fact, ''), fragment),
        `rate ${rate}: "${fragment}" without "${fact}" in:\n${r.compressed}`,
      );
    }
    assert.deepEqual(fused(DESIGN, r.compressed), [], `rate ${rate}: fused tokens in:\n${r.compressed}`);
  }
  // At rate 0.5 this fact-dense note keeps the facts that matter most (they rank above every word).
  const half = (await compress(DESIGN, { rate: 0.5 })).compressed;
  for (const fact of ['−99.5%', '152 ms', '$3.20', '−0.7 pt']) assert.ok(half.includes(fact), `${fact} kept at 0.5:\n${half}`);
});

test('a kept table row keeps all its pipes; header and delimiter rows stay with any body row', async () => {
  const lines = DESIGN.split('\n');
  for (const rate of RATES) {
    const out = (await compress(DESIGN, { rate })).compressed.split('\n');
    const rows = out.filter((l) => l.includes('|'));
    for (const row of rows) assert.equal(pipes(row), 5, `rate ${rate}: ${row}`);
    if (rows.length > 0) {
      assert.ok(out.includes(lines[5]) && out.includes(lines[4]), `rate ${rate}: header and delimiter rows:\n${out.join('\n')}`);
    }
  }
});

test('list items keep marker and indentation, headings their #s, quotes their >; links are whole or bracket-free', async () => {
  for (const rate of RATES) {
    const out = (await compress(DESIGN, { rate })).compressed;
    for (const line of out.split('\n')) {
      if (/Nested|getPrice|cache\.ts|v2\.3\.1/.test(line)) assert.match(line, /^ {2}- \S/, `rate ${rate}: nested item: ${line}`);
      if (/ttlSeconds|pricing\.yaml|--cache-ttl/.test(line)) assert.match(line, /^- \S/, `rate ${rate}: item: ${line}`);
      if (/ops@|2026-03-21/.test(line)) assert.match(line, /^> \S/, `rate ${rate}: quote: ${line}`);
      if (/Roll|March|10%/.test(line)) assert.match(line, /^1\. \S/, `rate ${rate}: ordered item: ${line}`);
      if (/Pricing cache design|Next steps/.test(line)) assert.match(line, /^#{1,2} \S/, `rate ${rate}: heading: ${line}`);
      const unlinked = line.replace(/!?\[[^[\]\n]*\]\([^)\s]*\)/g, '');
      assert.doesNotMatch(unlinked, /\]\(|!\[|\[[^\]]*$/, `rate ${rate}: link debris: ${line}`);
    }
  }
});

test('badges lose their brackets cleanly: no "[![" or "](" debris at any rate', async () => {
  const text =
    '# tool\n\n[![NPM Version][npm-image]][npm-url] [![Build](https://img.shields.io/b.svg)](https://ci.example.org/x) [![Coverage](https://img.shields.io/c.svg)](https://cov.example.org/y)\n\nA tool that formats files quickly and safely for every project you maintain.\n\n[npm-image]: https://img.shields.io/npm/v/tool.svg\n[npm-url]: https://npmjs.org/package/tool\n';
  for (const rate of RATES) {
    const out = (await compress(text, { rate })).compressed;
    for (const line of out.split('\n')) {
      let rest = line;
      for (let before = ''; before !== rest; ) {
        before = rest;
        rest = rest.replace(/!?\[[^[\]\n]*\]\([^)\s]*\)/g, '').replace(/!?\[[^[\]\n]*\]\[[^\]\n]*\]/g, '');
      }
      assert.doesNotMatch(rest, /\]\(|!\[|\[!|\]\[|^\[\S*\]:\s*$/, `rate ${rate}: ${line}`);
    }
    assert.deepEqual(fused(text, out), [], `rate ${rate}: ${out}`);
  }
});

/** Seeded generator of Markdown with facts, tables, lists, quotes and links. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = 'the cache service returns a stale price when the upstream feed is slow and we retry later with backoff'.split(' ');
const FACT_POOL = [
  '−12.5%',
  '152 ms',
  '$3.20',
  '4 GB',
  'v1.2.3',
  'PRICE-412',
  '`fooBar()`',
  'src/a/b.ts',
  '--dry-run',
  'https://x.example.org/a?b=1',
  '2024-05-01',
  '10:30',
  'a@b.io',
  '3-5',
  '+7',
];

function randomDoc(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const sentence = (n: number) =>
    Array.from({ length: n }, () =>
      r() < 0.3 ? pick(FACT_POOL) : r() < 0.1 ? `[${pick(WORDS)} ${pick(WORDS)}](${pick(FACT_POOL.filter((f) => f.startsWith('http')))})` : pick(WORDS),
    ).join(' ') + pick(['.', '', ';', '!']);
  const blocks: string[] = [];
  for (let b = 0; b < 3 + Math.floor(r() * 5); b++) {
    const kind = r();
    if (kind < 0.2) blocks.push(`${'#'.repeat(1 + Math.floor(r() * 3))} ${sentence(3)}`);
    else if (kind < 0.4) {
      const cols = 2 + Math.floor(r() * 3);
      const row = () => `| ${Array.from({ length: cols }, () => sentence(1 + Math.floor(r() * 3))).join(' | ')} |`;
      blocks.push([row(), `|${'---|'.repeat(cols)}`, row(), row()].join('\n'));
    } else if (kind < 0.6) blocks.push(Array.from({ length: 3 }, (_, i) => `${'  '.repeat(i % 2)}- ${sentence(4)}`).join('\n'));
    else if (kind < 0.7) blocks.push(`> ${sentence(6)}`);
    else blocks.push(sentence(12));
  }
  return `${blocks.join('\n\n')}\n`;
}

test('property: random Markdown at random rates — no fused tokens, facts whole, pipes intact, within budget', async () => {
  const r = rng(13);
  for (let i = 0; i < 30; i++) {
    const doc = randomDoc(r);
    const rate = 0.1 + r() * 0.8;
    const res = await compress(doc, { rate });
    const out = res.compressed;
    const where = `case ${i} rate ${rate.toFixed(2)}:\n${doc}\n→\n${out}`;
    assert.ok(res.compressedTokens <= res.budget, where);
    assert.ok(isFaithful(doc, out), where);
    assert.deepEqual(fused(doc, out), [], where);
    const inRows = new Map(
      doc
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) => [l, pipes(l)]),
    );
    for (const l of out.split('\n')) if (l.startsWith('|')) assert.ok([...inRows.values()].includes(pipes(l)), `pipes: ${l}\n${where}`);
    // A fact's parts never survive without the whole: every kept number-with-unit keeps its unit.
    for (const m of out.matchAll(/(?<![\w.$−+-])(?:152|4|12\.5|3\.20)(?![\w.%])/gu)) {
      const after = out.slice(m.index + m[0].length, m.index + m[0].length + 4);
      assert.ok(/^ (?:ms|GB)|^%/.test(after) || !/152 ms|4 GB/.test(doc), `bare number ${m[0]}${after} in\n${where}`);
    }
  }
});

test('protect: [] ranks facts like ordinary words (still whole); the default protects them; bad groups are refused', async () => {
  const text = `${'We discussed the plan for the quarter and agreed on the next steps for the team. '.repeat(3)}The p95 went from 152 ms to 0.8 ms, see https://example.com/report.`;
  const on = (await compress(text, { rate: 0.2 })).compressed;
  assert.ok(on.includes('152 ms') && on.includes('https://example.com/report'), on);
  const off = await compress(text, { rate: 0.2, protect: [] });
  assert.ok(off.compressedTokens <= off.budget);
  assert.doesNotMatch(off.compressed, /(?<![\d.])152(?! ms)/u);
  const r = await compress(text, { rate: 0.5 });
  assert.ok(r.spans.some((s) => s.fact === 'url' && s.kept));
  await assert.rejects(compress(text, { protect: ['urls', 'colours'] as never }), /protect has an unknown fact group "colours"/);
});

test('inline triple backticks in a paragraph are inline code, not a fence (issue 16 item 10)', async () => {
  const text =
    'Run ```npm install``` before you start, then run the tests with ```npm test``` and read the output carefully.\n```js``` spans like this one start a line too, and the words around them stay separate from them.\n';
  assert.deepEqual(
    splitFencedBlocks(text).map((s) => s.kind),
    ['prose'],
  );
  const seg = segment(text);
  assert.ok(seg.units.some((u) => u.kind === 'code' && text.slice(u.start, u.end) === '```npm install```'));
  for (const rate of [0.7, 0.5, 0.33]) {
    const r = await compress(text, { rate });
    assert.equal(r.mode, 'text');
    assert.ok(r.compressedTokens <= r.budget && r.compressedTokens >= r.budget * 0.95, `rate ${rate}: ${r.compressedTokens} of ${r.budget}`);
    assert.deepEqual(fused(text, r.compressed), [], r.compressed);
    for (const span of ['```npm install```', '```npm test```', '```js```']) {
      assert.ok(r.compressed.includes(span) || !r.compressed.includes(span.slice(3, -3)), `${span} whole or gone: ${r.compressed}`);
    }
  }
});

test('a deeply nested list (each item two spaces deeper) compresses with markers and indentation (issue 16 item 4)', async () => {
  const items = 300;
  const text = Array.from({ length: items }, (_, i) => `${' '.repeat(2 * i)}- item number ${i} with some words here`).join('\n');
  const r = await compress(text, { rate: 0.5 });
  assert.ok(r.compressedTokens <= r.budget && r.compressedTokens >= r.budget * 0.95);
  for (const line of r.compressed.split('\n')) {
    const m = /^( *)- \S/.exec(line);
    assert.ok(m, `marker kept: ${line.trim()}`);
    const n = /\d+/.exec(line.slice(m[0].length - 1));
    if (n && /number/.test(line)) assert.equal(m[1].length, 2 * Number(n[0]), `indentation kept: ${line.trim()}`);
  }
  assert.equal(countTokens(text), countTokens(text)); // counted through the cache once more (same pieces)
});

test('a fenced block that keeps no letter or digit goes whole: no "$" or "⋯" line left without its fences', async () => {
  const text = `Install the package with the usual command and then read the guide for the details that follow.\n\n\`\`\`sh\n$ npm install etag --save-dev\n\`\`\`\n\nThe module returns a strong or weak entity tag for a body, a buffer or file stats, and it is fast enough.\n`;
  for (const rate of [0.5, 0.33, 0.2, 0.1]) {
    const out = (await compress(text, { rate })).compressed;
    let open = false;
    for (const line of out.split('\n')) {
      if (line.startsWith('```')) open = !open;
      else if (!open && line.trim()) assert.match(line, /[\p{L}\p{N}]/u, `rate ${rate}: debris line ${JSON.stringify(line)} in\n${out}`);
    }
  }
});
