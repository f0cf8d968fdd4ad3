import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PanelState } from '../../src/vscode/protocol/panel';
import type { CompressionResult, Span } from '../../src/core/types';
import { hostStub, launch, serve } from './harness';

/** Spans over the lexical tokens of `text`: `drop` lists token indexes to drop. */
function spansFor(text: string, drop: number[], extra: (i: number) => Partial<Span> = () => ({})): Span[] {
  const out: Span[] = [];
  let i = 0;
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]/gu)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, kept: !drop.includes(i), ...extra(i) });
    i++;
  }
  return out;
}

function keptText(text: string, spans: Span[]): string {
  return spans
    .filter((s) => s.kept)
    .map((s) => text.slice(s.start, s.end))
    .join(' ');
}

const prose = 'The quick brown fox jumps over the lazy dog. It was <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> fun.';
const proseSpans = spansFor(prose, [1, 2, 6, 7], (i) => ({ p: (i % 10) / 10, ...(i === 3 ? { fact: 'quote' } : {}) }));

function result(over: Partial<CompressionResult> = {}): CompressionResult {
  return {
    compressed: keptText(prose, proseSpans),
    originalTokens: 1200,
    compressedTokens: 600,
    ratio: 0.5,
    budget: 600,
    tokenizer: 'o200k_base',
    mode: 'text',
    segments: [],
    spans: proseSpans,
    notes: ['budget met'],
    ms: 42,
    provider: 'cpu',
    model: '/models/tersify-small-en',
    ...over,
  };
}

function state(over: Partial<PanelState> = {}): PanelState {
  return {
    sessionId: 's1',
    title: 'notes.md <b>bold</b>',
    original: prose,
    result: result(),
    controls: { rate: 0.5, preset: 'context', mode: 'auto', question: '' },
    pricePerMillionTokens: 2.5,
    canReplace: true,
    ...over,
  };
}

let browser: Awaited<ReturnType<typeof launch>> | undefined;
let server: Awaited<ReturnType<typeof serve>> | undefined;

before(async () => {
  browser = await launch();
  server = await serve('compression');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(initial: PanelState | null) {
  const page = await browser!.newPage();
  await page.addInitScript(hostStub());
  await page.addInitScript(`window.__answers.ready = ${JSON.stringify(initial)};`);
  await page.goto(server!.url);
  return page;
}

const tid = (id: string) => `[data-testid="${id}"]`;

test('a result re-selected from kept scores says so beside its time', async () => {
  const page = await open(state({ result: result({ modelRuns: 0, ms: 12 }) }));
  await page.waitForSelector(tid('compression-view'));
  assert.equal(await page.textContent(tid('stat-time')), '12 ms (scores reused)');
  await page.close();
});

test('renders counts, savings, struck tokens, heat map and legend', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('compression-view'));
  assert.equal(await page.textContent(tid('stat-original')), '1,200 tokens');
  assert.equal(await page.textContent(tid('stat-compressed')), '600 tokens');
  assert.equal(await page.textContent(tid('stat-saved')), '50% (600)');
  assert.equal(await page.textContent(tid('stat-cost')), '$0.0015');
  assert.equal(await page.textContent(tid('stat-time')), '42 ms');
  assert.match((await page.textContent(tid('stat-engine'))) ?? '', /text · cpu · tersify-small-en/);
  const dropped = await page.$$eval(`${tid('original-text')} .tok.dropped`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(dropped, ['quick', 'brown', 'the', 'lazy']);
  const kept = await page.$$eval(`${tid('original-text')} .tok.kept`, (els) => els.length);
  assert.equal(kept, proseSpans.length - 4);
  // the marked original is the original, character for character (whitespace included)
  assert.equal(await page.textContent(tid('original-text')), prose);
  assert.equal(await page.textContent(tid('compressed-text')), result().compressed);
  // heat: keep probability as a CSS variable (CSSOM, allowed by the CSP)
  const p = await page.$eval(`${tid('original-text')} .tok.heat:nth-child(4)`, (e) => (e as HTMLElement).style.getPropertyValue('--p'));
  assert.equal(p, '0.3');
  assert.ok(await page.isVisible(tid('legend-dropped')));
  assert.ok(await page.isVisible(tid('legend-heat')));
  // protected facts are marked (underlined) and named in the legend and the tooltip
  assert.deepEqual(await page.$$eval(`${tid('original-text')} .tok.fact`, (els) => els.map((e) => [e.textContent, e.getAttribute('title')])), [
    ['fox', 'kept · keep probability 0.30 · protected fact (quote)'],
  ]);
  assert.ok(await page.isVisible(tid('legend-fact')));
  assert.equal(await page.$(tid('legend-type-Symbol')), null, 'no code types in a prose result');
  assert.equal(await page.textContent(tid('note')), 'budget met');
  assert.equal(await page.isEnabled(tid('action-replace')), true);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violations');
  await page.close();
});

test('escapes every string: <script> and markup in the text and title are shown, not run', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('compression-view'));
  assert.equal(await page.textContent(tid('title')), 'notes.md <b>bold</b>');
  assert.equal(await page.$(`${tid('title')} b`), null);
  assert.equal(await page.$(`${tid('compression-view')} script`), null);
  assert.equal(await page.$(`${tid('compression-view')} img`), null);
  assert.match((await page.textContent(tid('original-text'))) ?? '', /<script>window\.__pwned = 1<\/script>/);
  await page.waitForTimeout(50);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  await page.close();
});

test('code results are coloured by token type with a matching legend', async () => {
  const code = 'function add(a, b) { return a + b; }';
  const types = [
    'Structure',
    'Signature',
    'Structure',
    'Identifier',
    'Structure',
    'Identifier',
    'Structure',
    'Structure',
    'Structure',
    'Symbol',
    'Invocation',
    'Symbol',
    'Structure',
    'Structure',
  ] as const;
  const spans = spansFor(code, [9, 10, 11], (i) => ({ type: types[i] ?? 'Other' }));
  const page = await open(
    state({
      title: 'add.js',
      original: code,
      result: result({ mode: 'code', language: 'javascript', spans, compressed: 'function add(a, b) { ; }', provider: undefined, model: undefined }),
    }),
  );
  await page.waitForSelector(tid('compression-view'));
  assert.equal(await page.$$eval(`${tid('original-text')} .tok.t-Signature`, (e) => e.length), 1);
  for (const t of ['Structure', 'Signature', 'Identifier', 'Symbol', 'Invocation']) assert.ok(await page.$(tid(`legend-type-${t}`)), `legend has ${t}`);
  assert.equal(await page.$(tid('legend-heat')), null);
  assert.match((await page.textContent(tid('stat-engine'))) ?? '', /code · javascript/);
  await page.close();
});

test('the rate slider recomputes once after a burst (debounced), then redraws the result', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('rate-slider'));
  await page.evaluate(() => ((window as unknown as { __answers: Record<string, unknown> }).__answers.recompute = 'manual'));
  for (const v of ['0.4', '0.3', '0.25']) await page.fill(tid('rate-slider'), v);
  assert.equal(await page.textContent(tid('rate-value')), '25% kept');
  await page.waitForFunction(() => (window as unknown as { __requests: { method?: string }[] }).__requests.some((r) => r.method === 'recompute'));
  await page.waitForTimeout(400);
  const requests = await page.evaluate(
    () => (window as unknown as { __requests: { kind: string; id: number; method?: string; params?: { controls: { rate: number } } }[] }).__requests,
  );
  const recomputes = requests.filter((r) => r.method === 'recompute');
  assert.equal(recomputes.length, 1, 'debounced into one request');
  assert.equal(recomputes[0].params!.controls.rate, 0.25);
  assert.equal(await page.getAttribute('#app', 'aria-busy'), 'true');
  const next = result({ compressedTokens: 300, ratio: 0.25, compressed: 'fox jumps.' });
  await page.evaluate(([id, r]) => (window as unknown as { __reply: (id: number, r: unknown) => void }).__reply(id as number, r), [
    recomputes[0].id,
    next,
  ] as const);
  await page.waitForFunction(() => document.querySelector('[data-testid="stat-compressed"]')?.textContent === '300 tokens');
  assert.equal(await page.textContent(tid('compressed-text')), 'fox jumps.');
  assert.equal(await page.getAttribute('#app', 'aria-busy'), null);
  assert.equal(await page.inputValue(tid('rate-slider')), '0.25', 'controls keep their value');
  // a new burst while a request is in flight cancels the previous request
  await page.fill(tid('rate-slider'), '0.6');
  await page.waitForFunction(
    () => (window as unknown as { __requests: { method?: string }[] }).__requests.filter((r) => r.method === 'recompute').length === 2,
  );
  await page.fill(tid('rate-slider'), '0.7');
  await page.waitForFunction(() => (window as unknown as { __requests: { kind: string }[] }).__requests.some((r) => r.kind === 'cancel'));
  await page.close();
});

test('layout toggle, actions and the replace guard', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('compression-view'));
  assert.ok(await page.$(tid('pane-compressed')));
  await page.click(tid('view-inline'));
  assert.equal(await page.getAttribute(tid('texts'), 'data-view'), 'inline');
  assert.equal(await page.$(tid('pane-compressed')), null);
  assert.equal(await page.getAttribute(tid('view-inline'), 'aria-pressed'), 'true');
  await page.evaluate(() => ((window as unknown as { __answers: Record<string, unknown> }).__answers.action = { ok: true, message: 'Copied.' }));
  await page.click(tid('action-copy'));
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'Copied.');
  const actions = await page.evaluate(() =>
    (window as unknown as { __requests: { method?: string; params?: { action: string } }[] }).__requests
      .filter((r) => r.method === 'action')
      .map((r) => r.params!.action),
  );
  assert.deepEqual(actions, ['copy']);
  // the host says the document changed: Replace is disabled
  await page.evaluate(() => (window as unknown as { __emit: (t: string, p: unknown) => void }).__emit('canReplace', { sessionId: 's1', canReplace: false }));
  await page.waitForFunction(() => (document.querySelector('[data-testid="action-replace"]') as HTMLButtonElement).disabled);
  // keyboard: every control is reachable with Tab
  const order: string[] = [];
  await page.focus(tid('rate-slider'));
  for (let i = 0; i < 8; i++) {
    order.push((await page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.testid)) ?? '');
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(order.slice(0, 6), ['rate-slider', 'preset-select', 'mode-select', 'question-input', 'view-side', 'view-inline']);
  // state survives a reload through vscode.setState (the serializer path)
  const saved = await page.evaluate(() => (window as unknown as { __state: { view: string; state: { sessionId: string } } }).__state);
  assert.equal(saved.view, 'inline');
  assert.equal(saved.state.sessionId, 's1');
  await page.close();
});

test('shows an empty state until the host sends one, then draws pushed states', async () => {
  const page = await open(null);
  await page.waitForSelector(tid('compression-empty'));
  await page.evaluate(
    (s) => (window as unknown as { __emit: (t: string, p: unknown) => void }).__emit('state', s),
    state({ sessionId: 's2', title: 'pushed' }),
  );
  await page.waitForFunction(() => document.querySelector('[data-testid="title"]')?.textContent === 'pushed');
  await page.close();
});

test('while a recompute is pending the actions are disabled (they would use the previous result); Undo re-enables Replace', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('rate-slider'));
  await page.evaluate(() => ((window as unknown as { __answers: Record<string, unknown> }).__answers.recompute = 'manual'));
  const disabled = (id: string) => page.$eval(tid(id), (b) => (b as HTMLButtonElement).disabled);
  assert.equal(await disabled('action-replace'), false);
  await page.fill(tid('rate-slider'), '0.26');
  // at once, before the debounce fires: the slider already shows 26% but the result is still the 50% one
  for (const id of ['action-replace', 'action-copy', 'action-openDocument']) assert.equal(await disabled(id), true, `${id} disabled while recomputing`);
  assert.equal(await page.textContent(tid('status')), 'Recomputing…');
  await page.click(tid('action-replace'), { force: true });
  await page.waitForFunction(() => (window as unknown as { __requests: { method?: string }[] }).__requests.some((r) => r.method === 'recompute'));
  const req = await page.evaluate(() =>
    (window as unknown as { __requests: { id: number; method?: string }[] }).__requests.filter((r) => r.method === 'recompute' || r.method === 'action'),
  );
  assert.deepEqual(
    req.map((r) => r.method),
    ['recompute'],
    'no action request while recomputing',
  );
  await page.evaluate(([id, r]) => (window as unknown as { __reply: (id: number, r: unknown) => void }).__reply(id as number, r), [
    req[0].id,
    result({ compressedTokens: 312, compressed: 'fox.' }),
  ] as const);
  await page.waitForFunction(() => document.querySelector('[data-testid="stat-compressed"]')?.textContent === '312 tokens');
  for (const id of ['action-replace', 'action-copy', 'action-openDocument']) assert.equal(await disabled(id), false, `${id} enabled with the new result`);
  // Replace, then the host reports the document changed; after Undo it reports the original is back
  await page.evaluate(() => (window as unknown as { __emit: (t: string, p: unknown) => void }).__emit('canReplace', { sessionId: 's1', canReplace: false }));
  await page.waitForFunction(() => (document.querySelector('[data-testid="action-replace"]') as HTMLButtonElement).disabled);
  await page.evaluate(() => (window as unknown as { __emit: (t: string, p: unknown) => void }).__emit('canReplace', { sessionId: 's1', canReplace: true }));
  await page.waitForFunction(() => !(document.querySelector('[data-testid="action-replace"]') as HTMLButtonElement).disabled);
  await page.close();
});

test('without a saved state it shows a loading line until the extension answers, then the empty hint', async () => {
  const page = await browser!.newPage();
  await page.addInitScript(hostStub());
  await page.addInitScript(`window.__answers.ready = 'manual';`);
  await page.goto(server!.url);
  await page.waitForSelector(tid('loading'));
  assert.equal(await page.$(tid('compression-empty')), null, 'not the "select text" hint while loading');
  const id = await page.evaluate(
    () => (window as unknown as { __requests: { id: number; method?: string }[] }).__requests.find((r) => r.method === 'ready')!.id,
  );
  await page.evaluate((i) => (window as unknown as { __reply: (id: number, r: unknown) => void }).__reply(i, null), id);
  await page.waitForSelector(tid('compression-empty'));
  assert.equal(await page.$(tid('loading')), null);
  await page.close();
});

test('at 280 px the controls wrap: nothing overflows the view, the title breaks between words', async () => {
  const page = await browser!.newPage({ viewport: { width: 280, height: 700 } });
  await page.addInitScript(hostStub());
  await page.addInitScript(`window.__answers.ready = ${JSON.stringify(state({ title: 'src/components/checkout/OrderSummary.tsx (selection)' }))};`);
  await page.goto(server!.url);
  await page.waitForSelector(tid('compression-view'));
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push(`page ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid]')) {
      const r = el.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth + 0.5) out.push(`${el.dataset.testid} ends at ${Math.round(r.right)}px`);
    }
    return out;
  });
  assert.deepEqual(overflow, [], 'no element reaches past 280 px');
  // "(selection)" stays one word: the title wraps at spaces, not inside words that fit
  const lines = await page.$eval(tid('title'), (h1) => {
    const range = document.createRange();
    const tops = new Map<number, string>();
    for (const text of [...h1.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)) {
      for (let i = 0; i < text.textContent!.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        tops.set(top, (tops.get(top) ?? '') + text.textContent![i]);
      }
    }
    return [...tops.values()];
  });
  assert.ok(lines.length > 1, 'the long title wraps');
  assert.equal(lines.join(''), 'src/components/checkout/OrderSummary.tsx (selection)');
  assert.ok(
    lines.slice(0, -1).every((l) => l.endsWith('/') || l.endsWith(' ')),
    `lines break after a "/" or at a space, never inside a name (lines: ${JSON.stringify(lines)})`,
  );
  await page.close();
});

test('"Struck only" shows kept words plain (only the struck ones marked) and is remembered through the host', async () => {
  const page = await open(state());
  await page.waitForSelector(tid('marks-only'));
  const keptStyle = () => page.$eval(`${tid('original-text')} .tok.kept.heat`, (el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await keptStyle(), 'rgba(0, 0, 0, 0)', 'the heat map shades kept words');
  assert.equal(await page.getAttribute(tid('marks-only'), 'aria-pressed'), 'false');
  await page.click(tid('marks-only'));
  assert.equal(await page.getAttribute(tid('marks-only'), 'aria-pressed'), 'true');
  assert.equal(await keptStyle(), 'rgba(0, 0, 0, 0)', 'kept words are plain');
  assert.ok((await page.$$(`${tid('original-text')} .tok.dropped`)).length > 0, 'struck words are still marked');
  await page.waitForFunction(() =>
    (window as unknown as { __requests: { method?: string; params?: { marksOnly?: boolean } }[] }).__requests.some(
      (r) => r.method === 'setMarksOnly' && r.params?.marksOnly === true,
    ),
  );
  await page.close();
  // a new view drawn from a host state that remembers the choice
  const again = await open(state({ marksOnly: true }));
  await again.waitForSelector(tid('marks-only'));
  assert.equal(await again.getAttribute(tid('marks-only'), 'aria-pressed'), 'true');
  assert.equal(await again.$eval(`${tid('original-text')} .tok.kept.heat`, (el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)');
  await again.close();
});
