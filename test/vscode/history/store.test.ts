import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { csvCell, toCsv } from '../../../src/vscode/history/csv';
import { HISTORY_FILE, HistoryStore, MAX_STORED_CHARS, type NewEntry } from '../../../src/vscode/history/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tersify-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(over: Partial<NewEntry> = {}): NewEntry {
  return {
    source: 'selection',
    mode: 'text',
    title: 'notes.md',
    original: 'The quick brown fox jumps over the lazy dog.',
    compressed: 'quick fox jumps lazy dog.',
    originalTokens: 1000,
    compressedTokens: 400,
    ms: 12.6,
    tokenizer: 'o200k_base',
    controls: { rate: 0.4, preset: 'context', mode: 'auto', question: '' },
    pricePerMillionTokens: 2.5,
    ...over,
  };
}

test('adds entries newest first, aggregates totals, persists and reloads them', async () => {
  let now = Date.UTC(2026, 0, 10, 12);
  const store = new HistoryStore(dir, { maxEntries: 10, now: () => now });
  await store.load();
  await store.add(entry());
  now += 86_400_000;
  await store.add(entry({ source: 'files', mode: 'code', title: 'src/app.ts', originalTokens: 200, compressedTokens: 150 }));
  assert.deepEqual(
    store.list().map((e) => e.title),
    ['src/app.ts', 'notes.md'],
  );
  const t = store.allTimeTotals;
  assert.equal(t.compressions, 2);
  assert.equal(t.tokensIn, 1200);
  assert.equal(t.tokensOut, 550);
  assert.equal(t.tokensSaved, 650);
  assert.ok(Math.abs(t.moneySaved - (650 * 2.5) / 1e6) < 1e-12);
  assert.equal(t.bySource.selection.tokensSaved, 600);
  assert.equal(t.bySource.files.tokensSaved, 50);
  assert.equal(t.byMode.code.compressions, 1);
  assert.deepEqual(t.daily, { '2026-01-10': 600, '2026-01-11': 50 });

  const again = new HistoryStore(dir, { maxEntries: 10 });
  await again.load();
  assert.equal(again.list().length, 2);
  assert.equal(again.allTimeTotals.tokensSaved, 650);
  assert.equal(again.sessionTotals.compressions, 0, 'a new session starts at zero');
  assert.equal(again.get(store.list()[0].id)?.title, 'src/app.ts');
});

test('keeps only the last N entries but the totals forever', async () => {
  const store = new HistoryStore(dir, { maxEntries: 3 });
  await store.load();
  for (let i = 0; i < 5; i++) await store.add(entry({ title: `e${i}` }));
  assert.deepEqual(
    store.list().map((e) => e.title),
    ['e4', 'e3', 'e2'],
  );
  assert.equal(store.allTimeTotals.compressions, 5);
  await store.setMaxEntries(1);
  const reloaded = new HistoryStore(dir, { maxEntries: 100 });
  await reloaded.load();
  assert.deepEqual(
    reloaded.list().map((e) => e.title),
    ['e4'],
  );
  assert.equal(reloaded.allTimeTotals.compressions, 5);
});

test('bounds stored texts and marks the entry truncated', async () => {
  const store = new HistoryStore(dir, { maxEntries: 5 });
  const big = 'word '.repeat(MAX_STORED_CHARS);
  const e = await store.add(entry({ original: big }));
  assert.equal(e.original.length, MAX_STORED_CHARS);
  assert.equal(e.truncated, true);
  assert.ok(e.preview.length <= 160);
  assert.equal((await store.add(entry())).truncated, false);
});

test('search matches title, source, mode, language and text', async () => {
  const store = new HistoryStore(dir, { maxEntries: 10 });
  await store.add(entry({ title: 'README.md', original: 'Installation guide for Tersify' }));
  await store.add(entry({ title: 'server.py', mode: 'code', language: 'python', original: 'def handler(request): pass' }));
  assert.deepEqual(
    store.list('python').map((e) => e.title),
    ['server.py'],
  );
  assert.deepEqual(
    store.list('INSTALLATION readme').map((e) => e.title),
    ['README.md'],
  );
  assert.equal(store.list('').length, 2);
  assert.equal(store.list('nothing-like-this').length, 0);
});

test('writes atomically: concurrent adds leave one valid file and no temp files', async () => {
  const store = new HistoryStore(dir, { maxEntries: 100 });
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.add(entry({ title: `c${i}` }))));
  await store.flush();
  const files = await readdir(dir);
  assert.deepEqual(files, [HISTORY_FILE]);
  const data = JSON.parse(await readFile(join(dir, HISTORY_FILE), 'utf8'));
  assert.equal(data.entries.length, 20);
  assert.equal(data.totals.compressions, 20);
});

test('a corrupt file is moved aside and reported, not fatal', async () => {
  await writeFile(join(dir, HISTORY_FILE), '{ not json');
  const store = new HistoryStore(dir, { maxEntries: 10 });
  await store.load();
  assert.match(store.loadProblem ?? '', /unreadable/);
  assert.equal(store.list().length, 0);
  const files = await readdir(dir);
  assert.ok(files.some((f) => f.startsWith(`${HISTORY_FILE}.corrupt-`)));
  await store.add(entry());
  assert.equal(JSON.parse(await readFile(join(dir, HISTORY_FILE), 'utf8')).entries.length, 1);
});

test('clear empties the history, optionally the totals too', async () => {
  const store = new HistoryStore(dir, { maxEntries: 10 });
  await store.add(entry());
  await store.clear({ totals: false });
  assert.equal(store.list().length, 0);
  assert.equal(store.allTimeTotals.compressions, 1);
  await store.clear({ totals: true });
  assert.equal(store.allTimeTotals.compressions, 0);
  assert.equal(store.sessionTotals.compressions, 0);
  const snap = store.snapshot();
  assert.equal(snap.history.length, 0);
  assert.equal(snap.historySize, 10);
});

test('snapshot summaries carry no texts', async () => {
  const store = new HistoryStore(dir, { maxEntries: 10 });
  await store.add(entry());
  const [s] = store.snapshot().history;
  assert.equal('original' in s, false);
  assert.equal('compressed' in s, false);
  assert.equal(s.preview, 'The quick brown fox jumps over the lazy dog.');
});

test('CSV cells are quoted and escaped per RFC 4180; formulas are defused', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
  assert.equal(csvCell('cr\r'), '"cr\r"');
  assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvCell('-1+2'), "'-1+2");
  assert.equal(csvCell(-5), '-5');
  assert.equal(csvCell(undefined), '');
});

test('CSV export has a header and one row per entry', async () => {
  const store = new HistoryStore(dir, { maxEntries: 10, now: () => Date.UTC(2026, 1, 3, 4, 5, 6) });
  await store.add(entry({ title: 'weird, "name"\nwith newline' }));
  const csv = toCsv(store.list());
  const lines = csv.split('\r\n');
  assert.equal(
    lines[0],
    'time,source,mode,language,title,original_tokens,compressed_tokens,tokens_saved,percent_saved,money_saved_usd,ms,rate,preset,tokenizer,used',
  );
  assert.equal(csv.endsWith('\r\n'), true);
  assert.ok(csv.includes('2026-02-03T04:05:06.000Z,selection,text,,"weird, ""name""\nwith newline",1000,400,600,60.0,0.001500,13,0.4,context,o200k_base,\r\n'));
});

test('revise: a recompute or the result the user used replaces the entry, and the totals count it once', async () => {
  const now = Date.UTC(2026, 0, 10, 12);
  const store = new HistoryStore(dir, { maxEntries: 10, now: () => now });
  await store.load();
  const first = await store.add(entry({ originalTokens: 892, compressedTokens: 443 }));
  await store.add(entry({ title: 'other.md', originalTokens: 100, compressedTokens: 50 }));
  // the user moved the slider to 26% and replaced that result
  const revised = await store.revise(
    first.id,
    entry({ originalTokens: 892, compressedTokens: 232, controls: { rate: 0.26, preset: 'context', mode: 'auto', question: '' }, used: 'replaced' }),
  );
  assert.ok(revised);
  assert.equal(store.list().length, 2, 'still one entry per compression');
  const shown = store.get(first.id)!;
  assert.equal(shown.compressedTokens, 232);
  assert.equal(shown.used, 'replaced');
  assert.equal(shown.controls.rate, 0.26);
  assert.equal(shown.time, first.time, 'the entry keeps its place in the history');
  for (const t of [store.allTimeTotals, store.sessionTotals]) {
    assert.equal(t.compressions, 2);
    assert.equal(t.tokensIn, 992);
    assert.equal(t.tokensOut, 282);
    assert.equal(t.tokensSaved, 710);
    assert.ok(Math.abs(t.moneySaved - (710 * 2.5) / 1e6) < 1e-12);
    assert.equal(t.bySource.selection.compressions, 2);
    assert.deepEqual(t.daily, { '2026-01-10': 710 });
  }
  // a later revision of the same entry (e.g. Copy at another rate) again replaces it; a mode change moves its bucket
  await store.revise(first.id, entry({ mode: 'code', originalTokens: 892, compressedTokens: 600, used: 'copied' }));
  const t = store.allTimeTotals;
  assert.equal(t.tokensSaved, 292 + 50);
  assert.deepEqual(Object.keys(t.byMode).sort(), ['code', 'text']);
  assert.equal(t.byMode.text.compressions, 1);
  assert.equal(store.get(first.id)!.used, 'copied');
  assert.match(toCsv(store.list()), /,o200k_base,copied\r\n/, 'the CSV says what was used');
  // persisted
  const again = new HistoryStore(dir, { maxEntries: 10 });
  await again.load();
  assert.equal(again.get(first.id)!.compressedTokens, 600);
  assert.equal(again.allTimeTotals.tokensSaved, 342);
  // entries of an earlier session are not revised (a reopened entry's use is a new compression)
  assert.equal(await again.revise(first.id, entry()), undefined);
});
