import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localEngine } from '../../../src/core/engine';
import { loggingEngine } from '../../../src/vscode/engine/logging';

test('the engine door logs one line per call: a summary, or the failure; cancellations and token counts are quiet', async () => {
  const lines: string[] = [];
  const engine = loggingEngine(localEngine, (level, message) => lines.push(`${level}: ${message}`));
  const code = 'def add(a, b):\n    # add two numbers\n    return a + b\n';
  const r = await engine.compress(code, { language: 'python', rate: 0.6 });
  assert.match(lines.pop()!, new RegExp(`^info: compressed ${r.originalTokens} → ${r.compressedTokens} tokens \\(code, python\\) in \\d+ ms`));
  await engine.compressFiles([{ path: 'a.py', text: code }], { rate: 0.6 });
  assert.match(lines.pop()!, /^info: compressFiles: 1 file: [\d,]+ → [\d,]+ tokens \(−\d+%\)$/);
  await engine.packContext({ sources: [{ path: 'a.py', text: code }], rate: 0.6 });
  assert.match(lines.pop()!, /^info: packContext: Context: [\d,]+ → [\d,]+ tokens \(−\d+%\) \(budget \d+\)$/);
  assert.equal(await engine.countTokens('hello world'), 2);
  assert.equal(lines.length, 0);
  await assert.rejects(engine.compress(code, { rate: 5 }));
  assert.match(lines.pop()!, /^error: compress failed: .*rate/);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(engine.compress(code, { signal: aborted.signal }), { code: 'cancelled' });
  await assert.rejects(engine.countTokens('x', undefined, aborted.signal), { code: 'cancelled' });
  assert.deepEqual(lines, []);
});
