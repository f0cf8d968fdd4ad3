/** Token types per language: the node-type maps do what a reader of the code would expect. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyCode } from '../../../src/core/code';
import type { CodeTokenType } from '../../../src/core/types';
import { fixture, fixtures } from './helpers';

async function typesOf(text: string, language: string) {
  const { tokens, language: used, notes } = await classifyCode(text, language);
  assert.equal(used, language, `parsed with the ${language} grammar (${notes.join('; ')})`);
  return (word: string, nth = 0): CodeTokenType[] => {
    const hits = tokens.filter((t) => t.text === word);
    assert.ok(hits[nth], `token ${word} #${nth} exists`);
    return hits[nth].types;
  };
}

const has = (types: CodeTokenType[], t: CodeTokenType) => assert.ok(types.includes(t), `expected ${t} in ${types.join('+')}`);

test('every fixture parses with its grammar and every token has a type', async () => {
  for (const f of fixtures()) {
    const { tokens, language, notes } = await classifyCode(f.text, f.language);
    assert.equal(language, f.language, `${f.name}: ${notes.join('; ')}`);
    assert.ok(tokens.length > 20, f.name);
    const seen = new Set(tokens.flatMap((t) => t.types));
    for (const t of ['Symbol', 'Identifier', 'Signature'] as CodeTokenType[]) assert.ok(seen.has(t), `${f.name} has ${t}`);
  }
});

test('Java: call → Invocation, method header → Signature, if → Structure, imports, literals, comments', async () => {
  const t = await typesOf(fixture('AccountService.java'), 'java');
  has(t('put'), 'Invocation');
  has(t('record'), 'Invocation');
  has(t('transfer'), 'Signature');
  has(t('fromId'), 'Signature');
  has(t('throws'), 'Signature');
  has(t('if'), 'Structure');
  has(t('for'), 'Structure');
  has(t('return'), 'Structure');
  has(t('HashMap'), 'Import');
  has(t('"negative deposit"'), 'Literal');
  has(t('// Closes an account; the balance must be zero.'), 'Comment');
  has(t('/** Moves {@code amount} from one account to another, atomically. */'), 'Docstring');
  has(t(';', 12), 'Symbol');
  has(t('total', 1), 'Identifier');
});

test('Python: docstrings, decorators, type hints, calls', async () => {
  const t = await typesOf(fixture('inventory.py'), 'python');
  has(t('"""One stock-keeping unit."""'), 'Docstring');
  has(t('"""Inventory management: load stock from CSV, compute reorder lists."""'), 'Docstring');
  has(t('# Lowest stock first, so the most urgent orders go out first.'), 'Comment');
  has(t('dataclass', 1), 'Signature');
  has(t('needs_reorder'), 'Signature');
  has(t('Iterable', 0), 'Import');
  has(t('sorted'), 'Invocation');
  has(t('for', 0), 'Structure');
  has(t('try', 0), 'Structure');
});

test('TypeScript and TSX: type annotations, imports, calls, signatures', async () => {
  const t = await typesOf(fixture('cache.ts'), 'typescript');
  has(t('EventEmitter'), 'Import');
  has(t('Entry', 1), 'TypeAnnotation');
  has(t('memoize'), 'Signature');
  has(t('stringify'), 'Invocation');
  has(t('throw'), 'Structure');
  const x = await typesOf(fixture('TodoList.tsx'), 'typescriptreact');
  has(x('useState', 1), 'Invocation');
  has(x('TodoList', 0), 'Signature');
});

test('Go, Rust, C, C++, C#: calls, signatures, doc comments', async () => {
  const go = await typesOf(fixture('worker.go'), 'go');
  has(go('// NewPool starts size workers.'), 'Docstring');
  has(go('NewPool'), 'Signature');
  has(go('WithTimeout'), 'Invocation');
  has(go('"fmt"'), 'Import');
  const rs = await typesOf(fixture('tokenizer.rs'), 'rust');
  has(rs('/// Splits the whole input into tokens.'), 'Docstring');
  has(rs('tokenize', 0), 'Signature');
  has(rs('match'), 'Structure');
  has(rs('Peekable', 0), 'Import');
  const c = await typesOf(fixture('ringbuf.c'), 'c');
  has(c('malloc'), 'Invocation');
  has(c('ringbuf_write', 0), 'Signature');
  has(c('<stdio.h>'), 'Import');
  has(c('while'), 'Structure');
  const cpp = await typesOf(fixture('matrix.cpp'), 'cpp');
  has(cpp('identity', 0), 'Signature');
  has(cpp('<vector>'), 'Import');
  const cs = await typesOf(fixture('OrderController.cs'), 'csharp');
  has(cs('PlaceAsync'), 'Signature');
  has(cs('SaveAsync'), 'Invocation');
  has(cs('System', 0), 'Import');
  has(cs('/// <summary>Places an order and returns its id.</summary>'), 'Docstring');
});

test('Ruby, PHP, shell: calls, signatures, comments', async () => {
  const rb = await typesOf(fixture('blog.rb'), 'ruby');
  has(rb('slug', 0), 'Signature');
  has(rb('gsub'), 'Invocation');
  has(rb('# Marks the post as published now.'), 'Docstring');
  const php = await typesOf(fixture('cart.php'), 'php');
  has(php('total', 0), 'Signature');
  has(php('priceOf'), 'Invocation');
  has(php('InvalidArgumentException', 0), 'Import');
  has(php('foreach'), 'Structure');
  const sh = await typesOf(fixture('deploy.sh'), 'shellscript');
  has(sh('rsync', 0), 'Invocation');
  has(sh('deploy', 0), 'Signature');
  has(sh('case'), 'Structure');
});

test('types under a preset: a token of several types takes the one removed last', async () => {
  const text = 'class A { int f(int x) { return g(x); } }';
  const ctx = await classifyCode(text, 'java', 'context');
  const repair = await classifyCode(text, 'java', 'repair');
  const g = (c: typeof ctx) => c.tokens.find((t) => t.text === 'g')!;
  assert.deepEqual(g(ctx).types.sort(), ['Identifier', 'Invocation']);
  assert.equal(g(ctx).type, 'Invocation'); // context removes Invocation after Identifier
  assert.equal(g(repair).type, 'Invocation'); // repair: Identifier > Invocation
  const x = repair.tokens.find((t) => t.text === 'x')!;
  assert.equal(x.type, 'Signature');
});
