// A minimal test registry for the integration suite (no mocha: it is not a dependency). The same suite
// runs under @vscode/test-electron (runner.js) and inside code-server (test/e2e/test-extension).
'use strict';
const tests = [];

/** Registers a test; `fn(t)` may call `t.skip(reason)`. */
function test(name, fn) {
  tests.push({ name, fn });
}

class Skip extends Error {}

/** Runs the registered tests in order; returns {passed, failed, skipped, results}. Never throws. */
async function runAll({ timeoutMs = 60000, log = () => {} } = {}) {
  const results = [];
  for (const { name, fn } of tests) {
    const start = Date.now();
    let status = 'passed';
    let error;
    let timer;
    try {
      const t = { skip: (reason) => { throw new Skip(reason); }, log };
      await Promise.race([
        Promise.resolve().then(() => fn(t)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
      ]);
    } catch (e) {
      if (e instanceof Skip) { status = 'skipped'; error = e.message; }
      else { status = 'failed'; error = (e && e.stack) || String(e); }
    } finally {
      clearTimeout(timer);
    }
    const r = { name, status, ms: Date.now() - start };
    if (error) r[status === 'skipped' ? 'reason' : 'error'] = error;
    results.push(r);
    log(`${status === 'passed' ? 'ok' : status === 'skipped' ? 'skip' : 'FAIL'} ${name} (${r.ms} ms)${error ? `: ${error}` : ''}`);
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), results };
}

/** Loads every suite file (sorted) so that it registers its tests. */
function loadSuite() {
  const fs = require('fs');
  const path = require('path');
  const dir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) require(path.join(dir, f));
}

module.exports = { test, runAll, loadSuite };
