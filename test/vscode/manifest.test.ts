/** package.json `contributes` against the code: the vocabulary (src/core/vocabulary.ts) and the ids (src/vscode/ids.ts). */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_EXECUTION_PROVIDER,
  DEFAULT_MODE,
  DEFAULT_PRESET,
  DEFAULT_PROTECT,
  DEFAULT_RATE,
  DEFAULT_TOKENIZER,
  EXECUTION_PROVIDERS,
  MODES,
  PRESETS,
  PROTECT_GROUPS,
  RATE_MAX,
  RATE_MIN,
  TOKENIZERS,
} from '../../src/core/vocabulary';
import * as ids from '../../src/vscode/ids';
import { SETTING_ENUMS, SETTING_KEYS } from '../../src/vscode/settingsCore';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties: Record<string, { enum?: string[]; default?: unknown; minimum?: number; maximum?: number; items?: { enum?: string[] } }> =
  pkg.contributes.configuration.properties;

test('the enum settings in package.json list exactly the vocabulary, in order, with its defaults', () => {
  const expected = {
    tokenizer: [TOKENIZERS, DEFAULT_TOKENIZER],
    preset: [PRESETS, DEFAULT_PRESET],
    mode: [MODES, DEFAULT_MODE],
    executionProvider: [EXECUTION_PROVIDERS, DEFAULT_EXECUTION_PROVIDER],
  } as const;
  assert.deepEqual(Object.keys(SETTING_ENUMS).sort(), Object.keys(expected).sort());
  for (const [key, [values, def]] of Object.entries(expected)) {
    const schema = properties[`tersify.${SETTING_KEYS[key as keyof typeof expected]}`];
    assert.deepEqual(schema.enum, [...values], `tersify.${key} enum`);
    assert.equal(schema.default, def, `tersify.${key} default`);
  }
  const declaredEnums = Object.entries(properties)
    .filter(([, s]) => s.enum)
    .map(([k]) => k)
    .sort();
  assert.deepEqual(
    declaredEnums,
    Object.keys(expected)
      .map((k) => `tersify.${k}`)
      .sort(),
    'every enum setting is in the vocabulary',
  );
});

test('the protect setting lists exactly the fact groups of the vocabulary, all on by default', () => {
  const protect = properties[`tersify.${SETTING_KEYS.protect}`];
  assert.deepEqual(protect.items?.enum, [...PROTECT_GROUPS]);
  assert.deepEqual(protect.default, [...DEFAULT_PROTECT]);
});

test('the rate setting: default and range from the vocabulary', () => {
  const rate = properties[`tersify.${SETTING_KEYS.rate}`];
  assert.equal(rate.default, DEFAULT_RATE);
  assert.equal(rate.minimum, RATE_MIN);
  assert.equal(rate.maximum, RATE_MAX);
});

const sorted = (xs: Iterable<string>) => [...xs].sort();

test('every id in src/vscode/ids.ts is declared in package.json, and every declared id is in ids.ts', () => {
  const c = pkg.contributes;
  assert.deepEqual(sorted(c.commands.map((x: { command: string }) => x.command)), sorted(Object.values(ids.COMMANDS)), 'commands');
  assert.deepEqual(sorted(c.viewsContainers.activitybar.map((x: { id: string }) => x.id)), [ids.VIEW_CONTAINER_ID], 'view containers');
  assert.deepEqual(Object.keys(c.views), [ids.VIEW_CONTAINER_ID], 'views live in our container');
  const views = Object.values<{ id: string; type: string }[]>(c.views).flat();
  assert.deepEqual(sorted(views.map((v) => v.id)), [ids.INSPECTOR_VIEW_ID], 'views');
  assert.equal(views[0].type, 'webview');
  assert.deepEqual(
    sorted(pkg.activationEvents.filter((e: string) => e.startsWith('onWebviewPanel:'))),
    [`onWebviewPanel:${ids.COMPRESSION_VIEW_TYPE}`],
    'webview panels',
  );
  assert.deepEqual(sorted(c.chatParticipants.map((x: { id: string }) => x.id)), [ids.PARTICIPANT_ID], 'chat participants');
  assert.deepEqual(
    sorted(c.chatParticipants[0].commands.map((x: { name: string }) => x.name)),
    sorted(Object.values(ids.PARTICIPANT_COMMANDS)),
    'participant commands',
  );
  assert.deepEqual(sorted(c.languageModelTools.map((x: { name: string }) => x.name)), [ids.TOOL_NAME], 'language-model tools');
  assert.deepEqual(sorted(c.mcpServerDefinitionProviders.map((x: { id: string }) => x.id)), [ids.MCP_PROVIDER_ID], 'MCP providers');
  for (const key of Object.keys(c.configuration.properties)) assert.ok(key.startsWith(`${ids.SECTION}.`), `${key} is in the ${ids.SECTION} section`);
  // Nothing in ids.ts escapes the checks above.
  const checked = new Set<string>([
    ids.SECTION,
    ids.VIEW_CONTAINER_ID,
    ids.INSPECTOR_VIEW_ID,
    ids.COMPRESSION_VIEW_TYPE,
    ids.PARTICIPANT_ID,
    ids.TOOL_NAME,
    ids.MCP_PROVIDER_ID,
    ...Object.values(ids.COMMANDS),
    ...Object.values(ids.PARTICIPANT_COMMANDS),
  ]);
  for (const value of Object.values(ids)) {
    for (const id of typeof value === 'string' ? [value] : Object.values<string>(value))
      assert.ok(checked.has(id), `${id} (ids.ts) is checked against package.json`);
  }
});

test('menus, keybindings and "when" clauses use declared ids; icons exist', () => {
  const c = pkg.contributes;
  const commands = new Set<string>(Object.values(ids.COMMANDS));
  for (const m of Object.values<{ command: string; when?: string }[]>(c.menus).flat()) {
    assert.ok(commands.has(m.command), `menu item ${m.command}`);
    for (const [, view] of (m.when ?? '').matchAll(/view == ([\w.]+)/g)) assert.equal(view, ids.INSPECTOR_VIEW_ID, `menu "when" names a declared view`);
  }
  for (const k of c.keybindings) assert.ok(commands.has(k.command), `keybinding ${k.command}`);
  assert.ok(c.menus['explorer/context'].some((m: { command: string }) => m.command === ids.COMMANDS.compressFilesToClipboard));
  assert.ok(existsSync(join(root, c.viewsContainers.activitybar[0].icon)), 'activity bar icon exists');
  assert.equal(pkg.main, './dist/extension.js');
});

test('no file under src/vscode other than ids.ts spells a manifest id', () => {
  const manifestIds = new Set<string>([
    ids.INSPECTOR_VIEW_ID,
    ids.COMPRESSION_VIEW_TYPE,
    ids.PARTICIPANT_ID,
    ids.TOOL_NAME,
    ids.MCP_PROVIDER_ID,
    ...Object.values(ids.COMMANDS),
  ]);
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.ts') && p !== join(root, 'src/vscode/ids.ts')) {
        const code = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, ''); // comments may name ids
        for (const [, id] of code.matchAll(/['"`](tersify[._][A-Za-z.]+)['"`]/g)) if (manifestIds.has(id)) offenders.push(`${p}: ${id}`);
      }
    }
  };
  walk(join(root, 'src/vscode'));
  assert.deepEqual(offenders, []);
});

test('keybindings leave desktop shortcuts alone: no Ctrl+Alt+letter (GNOME: Ctrl+Alt+T opens a terminal), no Cmd+Alt+T (macOS: Close Other Editors)', () => {
  const keys = pkg.contributes.keybindings as { command: string; key: string; mac?: string }[];
  const main = keys.find((k) => k.command === ids.COMMANDS.compressSelection);
  assert.ok(main, 'Compress Selection has a key');
  for (const k of keys) {
    assert.doesNotMatch(k.key, /^ctrl\+alt\+[a-z0-9]$/, `${k.command}: ${k.key} is taken by desktops (GNOME terminal, lock screen, workspaces)`);
    assert.notEqual(k.mac, 'cmd+alt+t', `${k.command}: ⌥⌘T is Close Other Editors`);
  }
  assert.equal(new Set(keys.map((k) => k.key)).size, keys.length, 'one command per key');
});

test('first run: a 128×128 PNG icon, a walkthrough of the three uses whose media exist and whose links run declared commands', () => {
  const icon = readFileSync(join(root, pkg.icon));
  assert.equal(icon.subarray(1, 4).toString(), 'PNG', 'the icon is a PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the Marketplace size');
  const [walk] = pkg.contributes.walkthroughs;
  assert.ok(walk, 'a Getting Started walkthrough');
  const steps = walk.steps as { id: string; description: string; media: { markdown?: string; image?: string } }[];
  assert.deepEqual(
    steps.map((s) => s.id),
    ['compressSelection', 'compressFiles', 'chat', 'inspector'],
  );
  const commands = new Set<string>(Object.values(ids.COMMANDS));
  for (const s of steps) {
    const media = s.media.markdown ?? s.media.image;
    assert.ok(media && existsSync(join(root, media)), `${s.id}: ${media} exists`);
    for (const [, cmd] of s.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(cmd), `${s.id} links ${cmd}`);
  }
  const main = (pkg.contributes.keybindings as { command: string; key: string }[]).find((k) => k.command === ids.COMMANDS.compressSelection)!;
  const shown = main.key.replace(/(^|\+)([a-z])/g, (_m: string, p: string, c: string) => p + c.toUpperCase());
  assert.ok(steps[0].description.includes(shown), `the walkthrough names the key (${shown})`);
});
