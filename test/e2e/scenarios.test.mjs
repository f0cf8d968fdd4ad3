// End-to-end scenarios: the packaged Tersify VSIX in code-server, driven like a user would (command
// palette, clicks in the webviews, keyboard). Started by scripts/e2e.mjs, which owns code-server and
// Chromium and passes their addresses in E2E_* variables. Every UI step saves a screenshot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const env = (k) => {
  const v = process.env[k];
  if (v === undefined) throw new Error(`${k} is not set: run this through npm run test:e2e`);
  return v;
};
const BASE = env('E2E_BASE_URL');
const WS = env('E2E_WORKSPACE');
const SHOTS = env('E2E_SCREENSHOTS');
const STEP_MS = 30000;

let browser;
let context;
let page;
let shotNo = 0;

async function shot(name) {
  const file = join(SHOTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const read = (rel) => readFileSync(join(WS, rel), 'utf8');

async function openWorkbench(p, folder) {
  await p.goto(`${BASE}/?folder=${encodeURIComponent(folder)}`);
  await p.waitForSelector('.monaco-workbench', { timeout: 60000 });
  // the explorer shows the folder once the remote file system answers
  await p.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
}

async function closeQuickInput() {
  if (await page.locator('.quick-input-widget input').isVisible()) await page.keyboard.press('Escape');
}

/** F1, type the title, wait for it in the list, Enter. */
async function command(title) {
  await closeQuickInput(); // (a plain Escape would also clear the editor selection)
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
}

/** Quick Open (Ctrl+P) a workspace file; waits for its tab to be active. */
async function openFile(rel) {
  const name = rel.split('/').pop();
  await closeQuickInput();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(rel);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: STEP_MS });
}

async function focusEditorOf(rel) {
  const name = rel.split('/').pop();
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().click();
  await page.locator('.monaco-editor.focused').waitFor({ timeout: STEP_MS });
}

/** Selects whole lines from..to (1-based, inclusive) with Ctrl+G and Shift+Down/End. */
async function selectLines(from, to) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${from}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // column 1 even on indented lines
  for (let i = from; i < to; i++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
}

/** 1-based first/last line of the block that starts with `startsWith` and ends with the next line `end`. */
function linesOf(text, startsWith, end = '}') {
  const lines = text.split('\n');
  const a = lines.findIndex((l) => l.startsWith(startsWith));
  const b = lines.findIndex((l, i) => i > a && l === end);
  assert.ok(a >= 0 && b > a, `block ${startsWith} in fixture`);
  return { from: a + 1, to: b + 1, text: lines.slice(a, b + 1).join('\n'), start: lines.slice(0, a).join('\n').length + (a ? 1 : 0) };
}

/** The (nested) webview frame that contains data-testid=id. */
async function frameWith(id, { timeout = STEP_MS, where } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      try {
        const el = await f.$(`[data-testid="${id}"]`);
        if (el && (!where || (await where(f)))) return f;
      } catch {
        /* detached while looking */
      }
    }
    if (Date.now() > end) throw new Error(`no webview frame with data-testid="${id}"`);
    await page.waitForTimeout(200);
  }
}

const text = (f, id) => f.locator(`[data-testid="${id}"]`).first().innerText();
const tokensOf = (s) => Number(s.replace(/[^\d]/g, ''));

async function compressionView(title) {
  return frameWith('compression-view', { where: async (f) => (await text(f, 'title').catch(() => '')) === title, timeout: 60000 });
}

/** Reads the stats and texts of a compression view; asserts counts and a non-empty diff. */
async function assertCompressionView(f) {
  const original = tokensOf(await text(f, 'stat-original'));
  const compressed = tokensOf(await text(f, 'stat-compressed'));
  assert.ok(original > 0, `original token count shown (${original})`);
  assert.ok(compressed > 0 && compressed < original, `compressed count ${compressed} < original ${original}`);
  assert.match(await text(f, 'stat-saved'), /\d+%/);
  const dropped = await f.locator('[data-testid="original-text"] .tok.dropped').count();
  const kept = await f.locator('[data-testid="original-text"] .tok.kept').count();
  assert.ok(dropped > 0 && kept > 0, `diff marks dropped (${dropped}) and kept (${kept}) tokens`);
  const compressedText = await f.locator('[data-testid="compressed-text"]').evaluate((el) => el.textContent);
  assert.ok(compressedText.trim().length > 0, 'compressed text shown');
  return { original, compressed, dropped, compressedText, engine: await text(f, 'stat-engine') };
}

async function notifications() {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}
async function waitNotification(re) {
  const loc = page.locator('.notifications-toasts .notification-list-item-message', { hasText: re });
  await loc.first().waitFor({ timeout: STEP_MS });
  return loc.first().innerText();
}
async function clearNotifications() {
  await command('Notifications: Clear All Notifications');
}

/** Replace Selection in the view; save; compare the file on disk; Undo; save; compare again. */
async function replaceAndUndo(f, rel, before, block, compressedText, label) {
  await f.locator('[data-testid="action-replace"]').click();
  await page.locator(`.tabs-container .tab.dirty[data-resource-name="${rel.split('/').pop()}"]`).waitFor({ timeout: STEP_MS });
  await shot(`${label}-replaced`);
  await focusEditorOf(rel);
  await page.keyboard.press('Control+S');
  await page.locator(`.tabs-container .tab.dirty[data-resource-name="${rel.split('/').pop()}"]`).waitFor({ state: 'detached', timeout: STEP_MS });
  const replaced = read(rel);
  const expected = before.slice(0, block.start) + compressedText + before.slice(block.start + block.text.length);
  assert.equal(replaced, expected, 'the selection was replaced by the compressed text, nothing else changed');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');
  const end = Date.now() + STEP_MS;
  while (read(rel) !== before && Date.now() < end) await page.waitForTimeout(100);
  assert.equal(read(rel), before, 'Undo restores the document exactly');
  await shot(`${label}-undone`);
}

before(async () => {
  browser = await chromium.connect(env('E2E_WS_ENDPOINT'));
  context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  page = await context.newPage();
  await openWorkbench(page, WS);
  await shot('workbench');
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
});

const results = {};

test('1. TypeScript: Compress Selection from the palette, view with counts and diff, Replace, Undo', { timeout: 180000 }, async () => {
  const rel = 'src/orders.ts';
  const before = read(rel);
  const block = linesOf(before, 'export function orderTotal');
  await openFile(rel);
  await selectLines(block.from, block.to);
  await shot('ts-selection');
  await command('Tersify: Compress Selection');
  const f = await compressionView('src/orders.ts (selection)');
  const r = await assertCompressionView(f);
  assert.match(r.engine, /code · typescript/);
  assert.ok((await f.locator('[data-testid^="legend-type-"]').count()) > 0, 'token-type legend for code');
  await shot('ts-compression-view');
  results.ts = r;
  await replaceAndUndo(f, rel, before, block, r.compressedText, 'ts');
});
