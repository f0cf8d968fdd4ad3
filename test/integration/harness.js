// A minimal test registry for the integration suite (no mocha: it is not a dependency). The same suite
// runs under @vscode/test-electron (runner.js) and inside code-server (test/e2e/test-extension).
'use strict';
const tests = [];

/** Registers a test; `fn(t)` gets `t.log`. There is no skip: a test passes or fails. */
function test(name, fn) {
  tests.push({ name, fn });
}

/** Runs the registered tests in order; returns {passed, failed, results}. Never throws. */
async function runAll({ timeoutMs = 60000, log = () => {} } = {}) {
  const results = [];
  for (const { name, fn } of tests) {
    const start = Date.now();
    let status = 'passed';
    let error;
    let timer;
    try {
      const t = { log };
      await Promise.race([
        Promise.resolve().then(() => fn(t)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (e) {
      status = 'failed';
      error = e?.stack || String(e);
    } finally {
      clearTimeout(timer);
    }
    const r = { name, status, ms: Date.now() - start };
    if (error) r.error = error;
    results.push(r);
    log(`${status === 'passed' ? 'ok' : 'FAIL'} ${name} (${r.ms} ms)${error ? `: ${error}` : ''}`);
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), results };
}

/** Loads every suite file (sorted) so that it registers its tests. */
function loadSuite() {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.join(__dirname, 'suite');
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    require(path.join(dir, f));
}

module.exports = { test, runAll, loadSuite };
