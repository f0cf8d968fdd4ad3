import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { cliPath, repoRoot } from '../../helpers';

/** Starts `tersify mcp`, writes `lines`, then closes stdin; resolves with the replies and how it ended. */
function session(lines: (string | Buffer)[], keepOpenMs = 0): Promise<{ replies: Record<string, unknown>[]; code: number | null; ms: number }> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cliPath, 'mcp'], { cwd: repoRoot });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.on('error', fail);
    child.stdin.on('error', () => {});
    for (const l of lines) child.stdin.write(l);
    setTimeout(() => child.stdin.end(), keepOpenMs);
    child.on('close', (code) => {
      const replies = stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l));
      done({ replies, code, ms: Date.now() - started });
    });
  });
}

const init = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

test('malformed lines get JSON-RPC errors, the server keeps serving and exits 0 when stdin closes', async () => {
  const r = await session(['{not json\n', '[1,2]\n', '{"jsonrpc":"2.0","id":7}\n', `${init}\n`], 1500);
  assert.equal(r.code, 0);
  assert.deepEqual(
    r.replies.slice(0, 3).map((m) => [m.id, (m.error as { code: number }).code]),
    [
      [null, -32700],
      [null, -32600],
      [7, -32600],
    ],
  );
  assert.equal(r.replies[3].id, 1);
  assert.ok(r.replies[3].result, JSON.stringify(r.replies[3]));
});

test('a message over the size limit gets an error naming the limit; the next message is answered', async () => {
  const big = Buffer.alloc(33 * 1024 * 1024 + 100_000, 0x61);
  const r = await session([big, '\n', `${init}\n`], 1500);
  assert.equal(r.code, 0);
  const err = r.replies[0].error as { code: number; message: string };
  assert.equal(err.code, -32600);
  assert.match(err.message, /^message too large \(\d+ bytes; the limit is \d+ bytes\)$/);
  assert.equal(r.replies[1].id, 1);
});

test('the server exits when stdin closes, even with a call still running', async () => {
  const call = JSON.stringify({
    jsonrpc: '2.0',
    id: 2,
    method: 'tools/call',
    params: { name: 'compress_text', arguments: { text: 'word '.repeat(200_000), rate: 0.3, mode: 'text' } },
  });
  const r = await session([`${init}\n`, '{"jsonrpc":"2.0","method":"notifications/initialized"}\n', `${call}\n`], 300);
  assert.equal(r.code, 0);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
});
