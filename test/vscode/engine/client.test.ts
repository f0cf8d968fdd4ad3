import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isCancellation } from '../../../src/core/protocol/rpc';
import { EngineClient } from '../../../src/vscode/engine/client';
import { fixtureModel } from '../../helpers';

const fixtures = join(__dirname, 'fixtures');
const root = join(__dirname, '..', '..', '..');

test('the real worker counts tokens in the target tokenizer and starts lazily', async () => {
  const client = new EngineClient({ workerPath: join(fixtures, 'engine-worker.cjs'), assetRoot: root });
  try {
    assert.equal(client.started, false, 'no thread before the first request');
    assert.equal(await client.countTokens('Hello world, this is a test.', 'o200k_base'), 8);
    assert.equal(client.started, true);
    assert.equal(await client.countTokens('', 'cl100k_base'), 0);
    const threadId = await client.ping();
    assert.ok(threadId > 0, 'runs off the main thread');
  } finally {
    await client.stop();
  }
});

test('the real worker compresses with the real engine', async () => {
  const client = new EngineClient({ workerPath: join(fixtures, 'engine-worker.cjs'), assetRoot: root });
  try {
    const input = 'function add(a: number, b: number): number {\n  // adds two numbers\n  return a + b;\n}\n';
    const result = await client.compress(input, { rate: 0.5, mode: 'code', language: 'typescript' });
    assert.equal(typeof result.compressed, 'string');
    assert.ok(result.originalTokens > 0);
    assert.ok(result.compressedTokens <= result.originalTokens);
    assert.ok(Array.isArray(result.spans) && result.spans.length > 0);
    for (const s of result.spans) assert.ok(s.start >= 0 && s.end <= input.length && s.start <= s.end);
    // engine errors keep their code across the thread boundary
    await assert.rejects(client.compress('x', { rate: 7 }), (e: { code?: string }) => e.code === 'usage');
    await assert.rejects(client.compress('\u0000\u0001 binary', {}), (e: { code?: string }) => e.code === 'binary');
  } finally {
    await client.stop();
  }
});

test('prose through the real worker: keep probabilities, provider; cancelling mid-run, then a safe stop', async () => {
  const model = fixtureModel('tiny-bert');
  const client = new EngineClient({ workerPath: join(fixtures, 'engine-worker.cjs'), assetRoot: root });
  const text = 'Hello world, this is a test of the meeting notes. We discussed the launch plan and the budget for next year. ';
  try {
    const r = await client.compress(text, { rate: 0.5, mode: 'text', model });
    assert.equal(r.mode, 'text');
    assert.equal(r.provider, 'cpu');
    assert.ok(r.spans.some((s) => typeof s.p === 'number' && s.p >= 0 && s.p <= 1));
    assert.ok(r.spans.some((s) => !s.kept));
    const controller = new AbortController();
    const p = client.compress(text.repeat(3000), { rate: 0.5, mode: 'text', model, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(p, (e: unknown) => isCancellation(e));
  } finally {
    await client.stop();
  }
});

test('a crashed worker fails its pending requests and is restarted on the next one', async () => {
  const logs: string[] = [];
  const client = new EngineClient({ workerPath: join(fixtures, 'crashing-worker.cjs'), log: (_l, m) => logs.push(m) });
  try {
    const first = await client.ping();
    await assert.rejects(
      client.countTokens('exit'),
      (e: { code?: string; message: string }) => e.code === 'internal' && /stopped unexpectedly/.test(e.message),
    );
    assert.equal(client.crashes, 1);
    assert.equal(client.started, false);
    const second = await client.ping();
    assert.notEqual(second, first, 'a new thread');
    await assert.rejects(client.countTokens('throw'), /boom/);
    assert.equal(await client.countTokens('four'), 4, 'works again after the second crash');
    assert.ok(logs.some((l) => /restarts on the next request/.test(l)));
  } finally {
    await client.stop();
  }
});

test('cancelling a request rejects it with a cancellation and leaves the worker usable', async () => {
  const client = new EngineClient({ workerPath: join(fixtures, 'crashing-worker.cjs') });
  try {
    const controller = new AbortController();
    const p = client.countTokens('hang', undefined, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(p, (e: unknown) => isCancellation(e));
    assert.equal(await client.countTokens('abc'), 3);
  } finally {
    await client.stop();
  }
});

test('a disposed client refuses work', async () => {
  const client = new EngineClient({ workerPath: join(fixtures, 'crashing-worker.cjs') });
  await client.ping();
  await client.dispose();
  await assert.rejects(client.ping(), /disposed/);
});
