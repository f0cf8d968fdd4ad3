// Entry point for @vscode/test-electron (extensionTestsPath): runs the suite, writes the JSON results
// next to the workspace when TERSIFY_INTEGRATION_RESULTS is set, rejects when a test failed.
'use strict';
const fs = require('node:fs');
const { loadSuite, runAll } = require('./harness');

async function run() {
  loadSuite();
  const summary = await runAll({ log: (m) => console.log(`[integration] ${m}`) });
  if (process.env.TERSIFY_INTEGRATION_RESULTS) fs.writeFileSync(process.env.TERSIFY_INTEGRATION_RESULTS, JSON.stringify(summary, null, 2));
  console.log(`[integration] ${summary.passed} passed, ${summary.failed} failed`);
  if (summary.failed > 0) throw new Error(`${summary.failed} integration test(s) failed`);
}

module.exports = { run };
