import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cliPath, repoRoot, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'tersify-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI while feeding stdin without end; resolves when the CLI exits. */
function endlessStdin(args: string[], chunk: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {}); // EPIPE once the CLI stops reading
    const pump = () => {
      while (!child.stdin.destroyed && child.stdin.write(chunk));
    };
    child.stdin.on('drain', pump);
    pump();
    child.on('error', fail);
    child.on('close', (code) => {
      child.stdin.destroy();
      done({ code, stdout, stderr });
    });
  });
}

test('compress /dev/zero is refused as binary at once, with one line and exit 1', async () => {
  const r = await runCli(['compress', '/dev/zero']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'tersify: binary input: Tersify compresses text and source code only\n');
});

test('endless text on stdin stops at the input limit with a one-line error', async () => {
  const r = await endlessStdin(['compress'], Buffer.from('all work and no play makes a dull text\n'.repeat(2000)));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^tersify: input is too large \(more than 32 MB; the limit is 32 MB\)\n$/);
  assert.equal(r.stdout, '');
});

test('an endless JSONL line is answered with an error and the next request still works', async () => {
  const big = join(dir, 'big.jsonl');
  // 33 MB line, then a good request
  writeFileSync(big, `{"id":"a","text":"${'x '.repeat(17 * 1024 * 1024)}"}\n{"id":"b","text":"short text here","rate":1}\n`);
  const r = await new Promise<{ code: number | null; stdout: string }>((done) => {
    const child = spawn('sh', ['-c', `node ${JSON.stringify(cliPath)} compress --jsonl < ${JSON.stringify(big)}`]);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.on('close', (code) => done({ code, stdout }));
  });
  assert.equal(r.code, 0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.match(lines[0].error, /^request too large \(\d+ bytes; the limit is \d+ bytes\)$/);
  assert.equal(lines[1].id, 'b');
  assert.equal(lines[1].compressed, 'short text here');
});

test('a folder is a usage error; a FIFO-like stream (stdin) of a UTF-16 file with a BOM is decoded', async () => {
  const folder = await runCli(['compress', dir]);
  assert.equal(folder.code, 2);
  assert.equal(folder.stderr, `tersify: cannot read ${dir}: it is a folder\n`);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo wörld', 'utf16le')]);
  const r = await runCli(['compress', '--rate', '1'], utf16);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'héllo wörld\n');
});

test('JSONL fields of the wrong type get a clear error, not an internal one', async () => {
  const reqs = [
    { id: 'q', text: 'Some text.', question: 5 },
    { id: 'l', text: 'Some text.', language: { id: 'ts' } },
    { id: 'f', text: 'Some text.', filename: 7 },
  ];
  const r = await runCli(['compress', '--jsonl'], reqs.map((q) => JSON.stringify(q)).join('\n'));
  assert.equal(r.code, 0);
  assert.deepEqual(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [
      { id: 'q', error: 'question must be a string, got number 5' },
      { id: 'l', error: 'language must be a string, got an object' },
      { id: 'f', error: 'filename must be a string, got number 7' },
    ],
  );
  const s = await runCli(['score', '--jsonl'], JSON.stringify({ id: 's', text: 'Some text.', question: ['why'] }));
  assert.deepEqual(JSON.parse(s.stdout), { id: 's', error: 'question must be a string, got an array' });
});
