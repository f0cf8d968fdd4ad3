import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AggregateTotals, HistorySummary, InspectorSnapshot } from '../../src/vscode/protocol/inspector';
import { hostStub, launch, serve } from './harness';

const now = Date.now();
const today = new Date(now).toISOString().slice(0, 10);
const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);

function totals(over: Partial<AggregateTotals> = {}): AggregateTotals {
  return { compressions: 0, tokensIn: 0, tokensOut: 0, tokensSaved: 0, moneySaved: 0, bySource: {}, byMode: {}, daily: {}, ...over };
}

const history: HistorySummary[] = [
  {
    id: 'h3',
    time: now - 30_000,
    source: 'selection',
    mode: 'code',
    language: 'python',
    title: 'server.py',
    originalTokens: 800,
    compressedTokens: 300,
    moneySaved: 0.00125,
    ms: 80,
    preview: 'def handler(request):',
    used: 'replaced',
  },
  {
    id: 'h2',
    time: now - 7_200_000,
    source: 'files',
    mode: 'mixed',
    title: '3 files',
    originalTokens: 5000,
    compressedTokens: 2500,
    moneySaved: 0.00625,
    ms: 900,
    preview: '## File: a.ts',
  },
  {
    id: 'h1',
    time: now - 90_000_000,
    source: 'selection',
    mode: 'text',
    title: '<img src=x onerror="window.__pwned=1">notes.md',
    originalTokens: 1000,
    compressedTokens: 500,
    moneySaved: 0.00125,
    ms: 40,
    preview: 'Meeting notes about the launch',
  },
];

const snapshot: InspectorSnapshot = {
  session: totals({ compressions: 2, tokensIn: 5800, tokensOut: 2800, tokensSaved: 3000, moneySaved: 0.0075 }),
  allTime: totals({
    compressions: 1234,
    tokensIn: 2_000_000,
    tokensOut: 900_000,
    tokensSaved: 1_100_000,
    moneySaved: 2.75,
    bySource: {
      selection: { compressions: 1000, tokensIn: 1_000_000, tokensOut: 400_000, tokensSaved: 600_000, moneySaved: 1.5 },
      files: { compressions: 234, tokensIn: 1_000_000, tokensOut: 500_000, tokensSaved: 500_000, moneySaved: 1.25 },
    },
    byMode: {
      text: { compressions: 600, tokensIn: 1, tokensOut: 1, tokensSaved: 700_000, moneySaved: 1.75 },
      code: { compressions: 634, tokensIn: 1, tokensOut: 1, tokensSaved: 400_000, moneySaved: 1 },
    },
    daily: { [today]: 3000, [yesterday]: 500, '2001-01-01': 99 },
  }),
  history,
  historySize: 500,
};

let browser: Awaited<ReturnType<typeof launch>> | undefined;
let server: Awaited<ReturnType<typeof serve>> | undefined;
before(async () => {
  browser = await launch();
  server = await serve('inspector');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(snap: InspectorSnapshot) {
  const page = await browser!.newPage();
  await page.addInitScript(hostStub());
  await page.addInitScript(`window.__answers.ready = ${JSON.stringify(snap)};`);
  await page.goto(server!.url);
  await page.waitForSelector('[data-testid="inspector"]');
  return page;
}
const tid = (id: string) => `[data-testid="${id}"]`;

test('renders session and all-time totals, chart and breakdowns', async () => {
  const page = await open(snapshot);
  assert.equal(await page.textContent(tid('totals-session-compressions')), '2');
  assert.equal(await page.textContent(tid('totals-session-tokens-saved')), '3,000 (52%)');
  assert.equal(await page.textContent(tid('totals-alltime-compressions')), '1,234');
  assert.equal(await page.textContent(tid('totals-alltime-tokens-in')), '2,000,000');
  assert.equal(await page.textContent(tid('totals-alltime-money-saved')), '$2.75');
  // One money rule for totals and tables (src/core/savings.ts): cents, or 4 decimals below a cent.
  assert.equal(await page.textContent(tid('totals-session-money-saved')), '$0.0075');
  assert.deepEqual(await page.$$eval(`${tid('by-source-row')} td:last-child`, (els) => els.map((e) => e.textContent)), ['$1.50', '$1.25']);
  const bars = await page.$$eval(tid('chart-bar'), (els) =>
    els.map((e) => [e.getAttribute('data-day'), Number(e.getAttribute('data-value')), Number(e.getAttribute('height'))] as const),
  );
  assert.equal(bars.length, 30);
  const last = bars.at(-1)!;
  assert.equal(last[0], today);
  assert.equal(last[1], 3000);
  assert.ok(last[2] > bars.at(-2)![2], 'taller bar for more savings');
  assert.equal(bars.at(-2)![1], 500);
  assert.ok(!bars.some(([d]) => d === '2001-01-01'), 'only the last 30 days');
  assert.deepEqual(await page.$$eval(tid('by-source-row'), (els) => els.map((e) => e.getAttribute('data-key'))), ['selection', 'files']);
  assert.deepEqual(await page.$$eval(tid('by-mode-row'), (els) => els.map((e) => e.getAttribute('data-key'))), ['text', 'code']);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await page.close();
});

test('history is listed newest first, escaped, and filtered by search', async () => {
  const page = await open(snapshot);
  const titles = () => page.$$eval(tid('history-title'), (els) => els.map((e) => e.textContent));
  assert.deepEqual(await titles(), ['server.py', '3 files', '<img src=x onerror="window.__pwned=1">notes.md']);
  assert.equal(await page.$(`${tid('history-list')} img`), null);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  await page.fill(tid('history-search'), 'python');
  assert.deepEqual(await titles(), ['server.py']);
  await page.fill(tid('history-search'), 'launch meeting');
  assert.deepEqual(await titles(), ['<img src=x onerror="window.__pwned=1">notes.md']);
  await page.fill(tid('history-search'), 'FILES');
  assert.deepEqual(await titles(), ['3 files']);
  await page.fill(tid('history-search'), 'zzz');
  assert.equal(await page.textContent(tid('history-empty')), 'No entry matches the search.');
  await page.fill(tid('history-search'), '');
  assert.equal((await titles()).length, 3);
  await page.close();
});

test('clicking an entry asks the host to reopen it; export and clear go to the host', async () => {
  const page = await open(snapshot);
  await page.evaluate(() => {
    const w = window as unknown as { __answers: Record<string, unknown> };
    w.__answers.open = { ok: true };
    w.__answers.exportCsv = { ok: true, path: '/tmp/h.csv' };
    w.__answers.clear = { ok: true };
  });
  await page.click(`${tid('history-item')}[data-id="h2"]`);
  await page.focus(`${tid('history-item')}[data-id="h3"]`);
  await page.keyboard.press('Enter');
  await page.click(tid('export-csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'Exported to /tmp/h.csv');
  await page.click(tid('clear-history'));
  const reqs = await page.evaluate(() =>
    (window as unknown as { __requests: { method: string; params: unknown }[] }).__requests.map((r) => [r.method, r.params]),
  );
  assert.deepEqual(reqs, [
    ['ready', {}],
    ['open', { id: 'h2' }],
    ['open', { id: 'h3' }],
    ['exportCsv', {}],
    ['clear', {}],
  ]);
  await page.close();
});

test('host updates redraw the view and keep the search', async () => {
  const page = await open({ ...snapshot, history: [] });
  assert.equal(await page.textContent(tid('history-empty')), 'No compressions yet.');
  await page.fill(tid('history-search'), 'server');
  await page.evaluate((s) => (window as unknown as { __emit: (t: string, p: unknown) => void }).__emit('update', s), snapshot);
  await page.waitForSelector(tid('history-list'));
  assert.deepEqual(await page.$$eval(tid('history-title'), (els) => els.map((e) => e.textContent)), ['server.py']);
  assert.equal(await page.inputValue(tid('history-search')), 'server');
  await page.close();
});

test('shows a loading line at once while the extension has not answered yet (after a reload it may be starting)', async () => {
  const page = await browser!.newPage();
  await page.addInitScript(hostStub());
  await page.addInitScript(`window.__answers.ready = 'manual';`);
  await page.goto(server!.url);
  await page.waitForSelector(tid('loading'));
  assert.match((await page.textContent(tid('loading'))) ?? '', /Loading the savings history…/);
  const id = await page.evaluate(
    () => (window as unknown as { __requests: { id: number; method?: string }[] }).__requests.find((r) => r.method === 'ready')!.id,
  );
  await page.evaluate(([i, s]) => (window as unknown as { __reply: (id: number, r: unknown) => void }).__reply(i as number, s), [id, snapshot] as const);
  await page.waitForSelector(tid('inspector'));
  assert.equal(await page.$(tid('loading')), null);
  await page.close();
});

test('an entry whose result the user used says so (replaced, copied, opened); search finds it', async () => {
  const page = await open(snapshot);
  assert.deepEqual(await page.$$eval(tid('history-used'), (els) => els.map((e) => e.textContent)), [' · replaced']);
  await page.fill(tid('history-search'), 'replaced');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 1);
  assert.equal(await page.textContent(tid('history-title')), 'server.py');
  await page.close();
});
