/** Shared helpers for the code compressor tests: fixtures, budgets, the Bugs2Fix sample. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compressCode } from '../../../src/core/code';
import { tokenCounter } from '../../../src/core/budget/tokenizers';
import type { PresetName, Span, TokenizerName } from '../../../src/core/types';
import { repoRoot, sharedDataPath } from '../../helpers';

export const fixturesDir = join(repoRoot, 'test/fixtures/code');

/** Language id of each fixture, by file name. */
export const FIXTURE_LANGUAGES: Record<string, string> = {
  'cache.ts': 'typescript',
  'TodoList.tsx': 'typescriptreact',
  'server.js': 'javascript',
  'Counter.jsx': 'javascriptreact',
  'inventory.py': 'python',
  'AccountService.java': 'java',
  'bugs2fix.java': 'java',
  'worker.go': 'go',
  'tokenizer.rs': 'rust',
  'ringbuf.c': 'c',
  'matrix.cpp': 'cpp',
  'OrderController.cs': 'csharp',
  'blog.rb': 'ruby',
  'cart.php': 'php',
  'deploy.sh': 'shellscript',
};

export interface Fixture {
  name: string;
  language: string;
  text: string;
}

export function fixtures(): Fixture[] {
  return readdirSync(fixturesDir)
    .filter((f) => FIXTURE_LANGUAGES[f])
    .sort()
    .map((name) => ({ name, language: FIXTURE_LANGUAGES[name], text: readFileSync(join(fixturesDir, name), 'utf8') }));
}

export function fixture(name: string): string {
  return readFileSync(join(fixturesDir, name), 'utf8');
}

/** Every `step`-th Bugs2Fix method (abstracted Java, one per line) from the shared data (throws when it is absent). */
export function bugs2fixSample(limit: number, step = 37): string[] {
  const lines = readFileSync(sharedDataPath('code/bugs2fix-medium-valid.buggy'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < limit; i += step) out.push(lines[i]);
  return out;
}

export const counters = { o200k_base: tokenCounter('o200k_base'), cl100k_base: tokenCounter('cl100k_base') };

export async function compressAt(
  text: string,
  language: string | undefined,
  rate: number,
  opts: { preset?: PresetName; tokenizer?: TokenizerName; question?: string } = {},
) {
  const tokenizer = opts.tokenizer ?? 'o200k_base';
  const count = counters[tokenizer];
  const budget = Math.round(count(text) * rate);
  const out = await compressCode({
    text,
    budget,
    count,
    tokenizer,
    language,
    preset: opts.preset ?? 'context',
    question: opts.question,
  });
  return { out, budget, count };
}

export const RATES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/** The budget contract: never over; at most 5% (or one token) under, or a note that says why. */
export function checkBudget(
  name: string,
  out: { compressed: string; compressedTokens: number; spans: Span[]; notes: string[] },
  budget: number,
  count: (s: string) => number,
) {
  const tokens = count(out.compressed);
  assert.equal(out.compressedTokens, tokens, `${name}: compressedTokens is the real count`);
  const allGone = out.spans.every((s) => !s.kept);
  if (!allGone) {
    assert.ok(tokens <= budget, `${name}: ${tokens} tokens > budget ${budget}`);
    const floor = Math.min(Math.floor(budget * 0.95), budget - 1);
    assert.ok(
      tokens >= floor || out.notes.some((n) => n.includes(`${tokens} tokens for a budget of ${budget}`)),
      `${name}: ${tokens} tokens < 95% of budget ${budget}, no note`,
    );
  }
}
