// npm run test:vscode: the integration suite (test/integration/suite) inside a downloaded VS Code via
// @vscode/test-electron, against this source tree (dist/ from npm run build). Needs internet (it downloads
// VS Code into .vscode-test/). Offline, the same suite runs inside code-server in npm run test:e2e.
// TERSIFY_VSCODE_VERSION picks the version (default 1.100.3, the oldest that engines.vscode accepts).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'tersify-vscode-'));
const workspace = join(tmp, 'workspace');
const userData = join(tmp, 'user-data');
cpSync(join(root, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
mkdirSync(join(userData, 'User'), { recursive: true });
const settings = { 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off' };
writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
const results = join(tmp, 'integration.json');
let code = 0;
try {
  await runTests({
    version: process.env.TERSIFY_VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test/integration/runner.js'),
    extensionTestsEnv: { TERSIFY_INTEGRATION_RESULTS: results },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
  });
} catch (error) {
  console.error(`integration tests failed: ${error.message || error}`);
  code = 1;
}
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`${r.passed} passed, ${r.failed} failed`);
}
rmSync(tmp, { recursive: true, force: true });
process.exit(code);
