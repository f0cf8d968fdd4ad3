/** package.json `contributes` against the code: the vocabulary (src/core/vocabulary.ts) and the ids (src/vscode/ids.ts). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_EXECUTION_PROVIDER, DEFAULT_MODE, DEFAULT_PRESET, DEFAULT_RATE, DEFAULT_TOKENIZER, EXECUTION_PROVIDERS, MODES, PRESETS, RATE_MAX, RATE_MIN, TOKENIZERS } from '../../src/core/vocabulary';
import { SETTING_ENUMS, SETTING_KEYS } from '../../src/vscode/settingsCore';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties: Record<string, { enum?: string[]; default?: unknown; minimum?: number; maximum?: number }> = pkg.contributes.configuration.properties;

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
  const declaredEnums = Object.entries(properties).filter(([, s]) => s.enum).map(([k]) => k).sort();
  assert.deepEqual(declaredEnums, Object.keys(expected).map((k) => `tersify.${k}`).sort(), 'every enum setting is in the vocabulary');
});

test('the rate setting: default and range from the vocabulary', () => {
  const rate = properties[`tersify.${SETTING_KEYS.rate}`];
  assert.equal(rate.default, DEFAULT_RATE);
  assert.equal(rate.minimum, RATE_MIN);
  assert.equal(rate.maximum, RATE_MAX);
});
