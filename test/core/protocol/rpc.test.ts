import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCancellation, RemoteError, RpcEndpoint, type NoEvents } from '../../../src/core/protocol/rpc';

interface HostMethods {
  add: [{ a: number; b: number }, number];
  fail: [{ code: string }, never];
  slow: [{ ms: number }, string];
}
interface ClientEvents {
  tick: { n: number };
}

/** Two endpoints joined like a worker port: asynchronous delivery, structured clone. */
function pair() {
  const messages: unknown[] = [];
  let server: RpcEndpoint<NoEvents, HostMethods, ClientEvents>;
  const client = new RpcEndpoint<HostMethods, NoEvents, NoEvents, ClientEvents>((m) => {
    messages.push(m);
    setImmediate(() => server.receive(structuredClone(m)));
  });
  server = new RpcEndpoint<NoEvents, HostMethods, ClientEvents>((m) => setImmediate(() => client.receive(structuredClone(m))));
  return { client, server, messages };
}

test('requests resolve with the handler result and ids are unique', async () => {
  const { client, server, messages } = pair();
  server.handle('add', ({ a, b }) => a + b);
  const [x, y] = await Promise.all([client.request('add', { a: 1, b: 2 }), client.request('add', { a: 10, b: 20 })]);
  assert.equal(x, 3);
  assert.equal(y, 30);
  const ids = messages.map((m) => (m as { id: number }).id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(client.pendingCount, 0);
});

test('errors keep their code across the channel', async () => {
  const { client, server } = pair();
  server.handle('fail', ({ code }) => {
    throw Object.assign(new Error('bad input'), { code });
  });
  await assert.rejects(
    client.request('fail', { code: 'binary' }),
    (e: unknown) => e instanceof RemoteError && e.code === 'binary' && e.message === 'bad input',
  );
});

test('unknown methods are answered with a usage error', async () => {
  const { client } = pair();
  await assert.rejects(client.request('add', { a: 1, b: 1 }), /unknown method "add"/);
});

test('cancelling rejects at once and aborts the handler signal on the other side', async () => {
  const { client, server } = pair();
  let aborted = false;
  server.handle(
    'slow',
    ({ ms }, signal) =>
      new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => resolve('done'), ms);
        signal.addEventListener('abort', () => {
          aborted = true;
          clearTimeout(t);
          reject(Object.assign(new Error('cancelled'), { code: 'cancelled' }));
        });
      }),
  );
  const controller = new AbortController();
  const p = client.request('slow', { ms: 5000 }, controller.signal);
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(p, (e: unknown) => isCancellation(e));
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(aborted, 'handler saw the abort');
  assert.equal(client.pendingCount, 0);
  // an already-aborted signal never sends
  await assert.rejects(client.request('slow', { ms: 1 }, AbortSignal.abort()), (e: unknown) => isCancellation(e));
});

test('events reach listeners; unsubscribe works; junk messages are ignored', async () => {
  const { client, server } = pair();
  const seen: number[] = [];
  const off = client.on('tick', ({ n }) => seen.push(n));
  server.emit('tick', { n: 1 });
  await new Promise((r) => setTimeout(r, 10));
  off();
  server.emit('tick', { n: 2 });
  client.receive({ hello: 'world' });
  client.receive(null);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, [1]);
});

test('failAll rejects every pending request', async () => {
  const client = new RpcEndpoint<HostMethods, NoEvents>(() => undefined);
  const p = client.request('add', { a: 1, b: 2 });
  client.failAll(new Error('worker died'));
  await assert.rejects(p, /worker died/);
});

test('a handler waiting with whenIdle(1) waits for every other handler, even when it runs last', async () => {
  const { client, server } = pair();
  const order: string[] = [];
  server.handle('slow', async ({ ms }, signal) => {
    await new Promise((r) => setTimeout(r, ms));
    order.push(signal.aborted ? 'slow finished after abort' : 'slow finished');
    return 'done';
  });
  server.handle('add', async ({ a, b }) => {
    server.abortRunning();
    await server.whenIdle(1);
    order.push('shutdown-like handler resumed');
    return a + b;
  });
  const slow = client.request('slow', { ms: 100 });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(await client.request('add', { a: 1, b: 1 }), 2);
  await slow;
  assert.deepEqual(order, ['slow finished after abort', 'shutdown-like handler resumed']);
});
