import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clampRate, DEFAULT_SETTINGS, parseRate, parseSettings, SETTING_KEYS, toCompressOptions } from '../../src/vscode/settingsCore';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('defaults when nothing is set', () => {
  const { settings, problems } = parseSettings(from({}));
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.deepEqual(problems, []);
});

test('valid values are taken, invalid ones replaced by defaults and reported', () => {
  const { settings, problems } = parseSettings(
    from({
      rate: 0.3,
      tokenizer: 'cl100k_base',
      preset: 'repair',
      mode: 'bogus',
      forceTokens: ['\n', '', 'TODO'],
      questionAware: 'yes',
      modelPath: '  /models/x  ',
      executionProvider: 'cuda',
      threads: 2.5,
      pricePerMillionTokens: 10,
      historySize: 100,
      'statusBar.enabled': false,
    }),
  );
  assert.equal(settings.rate, 0.3);
  assert.equal(settings.tokenizer, 'cl100k_base');
  assert.equal(settings.preset, 'repair');
  assert.equal(settings.mode, 'auto');
  assert.deepEqual(settings.forceTokens, ['\n', 'TODO']);
  assert.equal(settings.questionAware, false);
  assert.equal(settings.modelPath, '/models/x');
  assert.equal(settings.executionProvider, 'cuda');
  assert.equal(settings.threads, 0);
  assert.equal(settings.pricePerMillionTokens, 10);
  assert.equal(settings.historySize, 100);
  assert.equal(settings.statusBarEnabled, false);
  assert.equal(problems.length, 3);
  assert.ok(problems.some((p) => p.startsWith('tersify.mode')));
  assert.ok(problems.some((p) => p.startsWith('tersify.threads')));
  assert.ok(problems.some((p) => p.startsWith('tersify.questionAware')));
  assert.equal(parseSettings(from({ rate: 0.01 })).settings.rate, 0.5, 'rate below the minimum is refused');
});

test('maps settings and per-call context to engine options', () => {
  const s = { ...DEFAULT_SETTINGS, forceTokens: ['TODO'], modelPath: '/m', threads: 4, tokenizer: 'cl100k_base' as const };
  assert.deepEqual(toCompressOptions(s, { language: 'python', filename: '/a/b.py', question: '  why?  ', rate: 0.25, mode: 'code' }), {
    tokenizer: 'cl100k_base',
    preset: 'context',
    mode: 'code',
    executionProvider: 'auto',
    rate: 0.25,
    threads: 4,
    model: '/m',
    forceTokens: ['TODO'],
    language: 'python',
    filename: '/a/b.py',
    question: 'why?',
  });
  const plain = toCompressOptions(DEFAULT_SETTINGS);
  assert.equal(plain.rate, 0.5);
  assert.equal('model' in plain, false, 'empty model path = bundled default');
  assert.equal('forceTokens' in plain, false, 'empty list = engine default');
  assert.equal('question' in plain, false);
  assert.equal('protect' in plain, false, 'all fact groups = engine default');
  assert.deepEqual(toCompressOptions({ ...DEFAULT_SETTINGS, protect: ['urls'] }).protect, ['urls']);
  assert.deepEqual(parseSettings((k) => (k === 'protect' ? ['urls', 'colours'] : undefined)).problems.length, 1);
  const budget = toCompressOptions(DEFAULT_SETTINGS, { targetTokens: 120 });
  assert.equal(budget.targetTokens, 120);
  assert.equal('rate' in budget, false);
});

test('rates: clamp, parse percentages and ratios', () => {
  assert.equal(clampRate(0.001), 0.05);
  assert.equal(clampRate(3), 1);
  assert.equal(clampRate(0.333), 0.33);
  assert.equal(clampRate(NaN), 0.5);
  assert.equal(parseRate('0.4'), 0.4);
  assert.equal(parseRate('40%'), 0.4);
  assert.equal(parseRate('4x'), 0.25);
  assert.equal(parseRate('.5'), 0.5);
  assert.equal(parseRate('0'), undefined);
  assert.equal(parseRate('150%'), undefined);
  assert.equal(parseRate('abc'), undefined);
});

test('every setting read by the code is declared in package.json, and vice versa', () => {
  const declared = Object.keys(pkg.contributes.configuration.properties).sort();
  const used = Object.values(SETTING_KEYS)
    .map((k) => `tersify.${k}`)
    .sort();
  assert.deepEqual(declared, used);
  for (const [key, schema] of Object.entries<Record<string, unknown>>(pkg.contributes.configuration.properties)) {
    assert.ok(schema.description || schema.markdownDescription, `${key} has a description`);
    if (schema.enum) assert.equal((schema.enumDescriptions as unknown[]).length, (schema.enum as unknown[]).length, `${key} describes each enum value`);
    const short = key.slice('tersify.'.length);
    const prop = Object.entries(SETTING_KEYS).find(([, v]) => v === short)?.[0] as keyof typeof DEFAULT_SETTINGS;
    assert.deepEqual(schema.default, DEFAULT_SETTINGS[prop], `${key} default matches the code`);
  }
  assert.equal(pkg.contributes.configuration.properties['tersify.modelPath'].scope, 'machine');
});
