import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import {
  downloadAll,
  downloadFile,
  DownloadError,
  networkFailureMessage,
  redirectTarget,
  sha256FromEtag,
  swapFolder,
} from '../../../src/vscode/models/download';

const fixture = randomBytes(256 * 1024 + 123);
const fixtureHash = createHash('sha256').update(fixture).digest('hex');
const small = Buffer.from('{"model_type":"bert"}');

interface Behaviour {
  /** Close the connection after this many bytes (first request only). */
  cutAt?: number;
  /** Ignore Range headers. */
  noRange?: boolean;
  /** Serve corrupted bytes. */
  corrupt?: boolean;
  /** Announce a SHA-256 in X-Linked-Etag (Hugging Face LFS style). */
  announceHash?: string;
  /** Send slowly (ms between chunks). */
  slow?: number;
}

let server: Server;
let base: string;
let behaviour: Behaviour = {};
let requests: { url: string; range?: string }[] = [];
let cutDone = false;

function handler(req: IncomingMessage, res: ServerResponse): void {
  requests.push({ url: req.url ?? '', range: req.headers.range });
  if (req.url === '/redirect') {
    res.writeHead(302, { location: '/model.onnx' });
    res.end();
    return;
  }
  if (req.url === '/endless') {
    // no length header, and more data than any cap
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
    };
    res.on('drain', pump);
    res.on('error', () => {});
    pump();
    return;
  }
  if (req.url === '/missing') {
    res.writeHead(404);
    res.end('not found');
    return;
  }
  const body = req.url === '/config.json' ? small : behaviour.corrupt ? Buffer.from(fixture).fill(7, 1000, 1010) : fixture;
  let start = 0;
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'x-linked-size': body.length };
  if (behaviour.announceHash) headers['x-linked-etag'] = `"${behaviour.announceHash}"`;
  if (m && !behaviour.noRange) {
    start = Number(m[1]);
    if (start >= body.length) {
      res.writeHead(416, headers);
      res.end();
      return;
    }
    res.writeHead(206, { ...headers, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
  } else res.writeHead(200, { ...headers, 'content-length': body.length });
  const data = body.subarray(start);
  if (behaviour.cutAt !== undefined && !cutDone) {
    cutDone = true;
    res.write(data.subarray(0, behaviour.cutAt), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  if (behaviour.slow) {
    let off = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (off >= data.length) return void res.end();
      res.write(data.subarray(off, (off += 8192)));
      setTimeout(tick, behaviour.slow);
    };
    tick();
    return;
  }
  res.end(data);
}

let dir: string;
before(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tersify-dl-'));
  behaviour = {};
  requests = [];
  cutDone = false;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('downloads, verifies size and SHA-256, and renames into place', async () => {
  const dest = join(dir, 'model.onnx');
  const seen: number[] = [];
  const r = await downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length, sha256: fixtureHash }, { onProgress: (p) => seen.push(p.received) });
  assert.equal(r.sha256, fixtureHash);
  assert.equal(r.size, fixture.length);
  assert.equal(r.verifiedBy, 'spec');
  assert.equal(r.resumed, false);
  assert.ok((await readFile(dest)).equals(fixture));
  assert.equal(existsSync(`${dest}.part`), false);
  assert.equal(seen.at(-1), fixture.length);
});

test('follows redirects and uses the server-announced hash when none is pinned', async () => {
  behaviour.announceHash = fixtureHash;
  const r = await downloadFile({ url: `${base}/redirect`, dest: join(dir, 'm.onnx') });
  assert.equal(r.verifiedBy, 'server');
  assert.equal(requests[0].url, '/redirect');
  assert.equal(requests[1].url, '/model.onnx');
});

test('resumes an interrupted transfer with an HTTP Range request', async () => {
  const dest = join(dir, 'model.onnx');
  behaviour.cutAt = 100_000;
  await assert.rejects(
    downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length, sha256: fixtureHash }),
    (e: unknown) => e instanceof DownloadError && (e.code === 'network' || e.code === 'size'),
  );
  const partial = await readFile(`${dest}.part`);
  assert.ok(partial.length > 0 && partial.length < fixture.length, `kept ${partial.length} bytes`);
  assert.equal(existsSync(dest), false, 'nothing half-written at the final path');
  const r = await downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length, sha256: fixtureHash });
  assert.equal(r.resumed, true);
  assert.equal(requests.at(-1)?.range, `bytes=${partial.length}-`);
  assert.ok((await readFile(dest)).equals(fixture));
});

test('a server that ignores Range restarts the file instead of corrupting it', async () => {
  const dest = join(dir, 'model.onnx');
  await writeFile(`${dest}.part`, fixture.subarray(0, 5000));
  behaviour.noRange = true;
  const r = await downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length, sha256: fixtureHash });
  assert.equal(r.resumed, false);
  assert.ok((await readFile(dest)).equals(fixture));
});

test('a hash mismatch deletes the data and says so', async () => {
  const dest = join(dir, 'model.onnx');
  behaviour.corrupt = true;
  await assert.rejects(
    downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length, sha256: fixtureHash }),
    (e: unknown) => e instanceof DownloadError && e.code === 'hash' && /SHA-256 mismatch/.test(e.message) && /deleted/.test(e.message),
  );
  assert.equal(existsSync(dest), false);
  assert.equal(existsSync(`${dest}.part`), false);
});

test('a server-announced hash is enforced too', async () => {
  behaviour.announceHash = 'a'.repeat(64);
  await assert.rejects(downloadFile({ url: `${base}/model.onnx`, dest: join(dir, 'x') }), (e: unknown) => e instanceof DownloadError && e.code === 'hash');
});

test('HTTP errors are clear', async () => {
  await assert.rejects(
    downloadFile({ url: `${base}/missing`, dest: join(dir, 'x') }),
    (e: unknown) => e instanceof DownloadError && e.code === 'http' && /HTTP 404/.test(e.message),
  );
});

test('cancellation stops the transfer promptly', async () => {
  behaviour.slow = 20;
  const controller = new AbortController();
  const dest = join(dir, 'model.onnx');
  const started = Date.now();
  const p = downloadFile({ url: `${base}/model.onnx`, dest, size: fixture.length }, { signal: controller.signal, keepPartial: false });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(p, (e: unknown) => e instanceof DownloadError && e.code === 'cancelled');
  assert.ok(Date.now() - started < 2000);
  assert.equal(existsSync(dest), false);
  assert.equal(existsSync(`${dest}.part`), false, 'keepPartial: false cleans up');
});

test('downloadAll stages files and moves the folder into place in one rename', async () => {
  const target = join(dir, 'models', 'm1');
  const files = await downloadAll(
    [
      { url: `${base}/model.onnx`, sha256: fixtureHash },
      { url: `${base}/config.json`, size: small.length },
    ],
    ['model.onnx', 'config.json'],
    target,
  );
  assert.deepEqual((await readdir(target)).sort(), ['config.json', 'model.onnx']);
  assert.equal(existsSync(`${target}.download`), false);
  assert.equal(files[0].path, join(target, 'model.onnx'));
  assert.equal(files[1].verifiedBy, 'none');
});

test('sha256FromEtag accepts only SHA-256-looking tags', () => {
  assert.equal(sha256FromEtag(`"${'A'.repeat(64)}"`), 'a'.repeat(64));
  assert.equal(sha256FromEtag(`W/"${'b'.repeat(64)}"`), 'b'.repeat(64));
  assert.equal(sha256FromEtag('"abc123"'), undefined);
  assert.equal(sha256FromEtag(undefined), undefined);
});

test('network failures: offline with nothing downloaded says so plainly; a stopped download says what is kept', async () => {
  const offline = new DownloadError('network', 'huggingface.co: getaddrinfo ENOTFOUND huggingface.co');
  const msg = networkFailureMessage(offline, 0, 'LLMLingua-2 BERT');
  assert.match(msg, /cannot reach huggingface\.co/);
  assert.match(msg, /Nothing was downloaded; the bundled model keeps working/);
  assert.doesNotMatch(msg, /resume|getaddrinfo/, 'no resume advice when nothing was downloaded, no raw errno');
  // the real thing: a host that does not resolve
  const real = await downloadFile({ url: 'http://tersify-offline.invalid/model.onnx', dest: join(dir, 'x', 'model.onnx') }).catch((e) => e);
  assert.ok(real instanceof DownloadError && real.code === 'network');
  assert.match(networkFailureMessage(real, 0, 'M'), /cannot reach huggingface\.co/);
  const stopped = networkFailureMessage(new DownloadError('network', 'connection closed early (1000 bytes)'), 52_428_800, 'LLMLingua-2 BERT');
  assert.match(stopped, /stopped \(connection closed early \(1000 bytes\)\); 50\.0 MB are kept and running the command again resumes it/);
  assert.match(networkFailureMessage(offline, 1_048_576, 'M'), /the network is unreachable\); 1\.0 MB are kept/);
});

test('a redirect from https to http is refused; https to https and http to http are followed', () => {
  assert.throws(
    () => redirectTarget(new URL('https://huggingface.co/x/resolve/main/model.onnx'), 'http://cdn.example/model.onnx'),
    (e: unknown) => e instanceof DownloadError && e.code === 'insecure' && /refused a redirect from https to http/.test(e.message),
  );
  assert.equal(redirectTarget(new URL('https://a.example/x'), '/y').href, 'https://a.example/y');
  assert.equal(redirectTarget(new URL('http://127.0.0.1:1/x'), 'http://127.0.0.1:2/y').href, 'http://127.0.0.1:2/y');
});

test('sizes are capped: an announced size over the cap is refused, a stream without length is cut off at the cap', async () => {
  const announced = join(dir, 'announced.bin');
  await assert.rejects(
    downloadFile({ url: `${base}/model.onnx`, dest: announced, maxBytes: 1000 }),
    (e: unknown) => e instanceof DownloadError && e.code === 'size' && /more than the 1000 allowed/.test(e.message),
  );
  const endless = join(dir, 'endless.bin');
  await assert.rejects(
    downloadFile({ url: `${base}/endless`, dest: endless, maxBytes: 1024 * 1024 }),
    (e: unknown) => e instanceof DownloadError && e.code === 'size' && /sent more than the 1048576 bytes allowed/.test(e.message),
  );
  assert.ok(!existsSync(`${endless}.part`) && !existsSync(endless), 'nothing is left behind');
});

test('swapFolder replaces a model folder whole: old aside, new in, old deleted', async () => {
  const target = join(dir, 'model');
  const staging = join(dir, 'model.download');
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await writeFile(join(target, 'old.txt'), 'old');
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'model.onnx'), 'new');
  await swapFolder(staging, target);
  assert.deepEqual(await readdir(target), ['model.onnx']);
  assert.ok(!existsSync(staging));
  assert.deepEqual(
    (await readdir(dir)).filter((n) => n.includes('.old-')),
    [],
  );
});
