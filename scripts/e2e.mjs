// npm run test:e2e: Tersify's packaged VSIX inside a real VS Code (code-server 4.100.3), offline, driven
// by playwright-core + Chromium (TERSIFY_CHROMIUM, default /usr/bin/chromium). See ../shared/design/vscode-testing.md (or the README).
//
// This process owns every process of the run (code-server, Chromium) and kills their process groups by
// PID on exit, failure or signal. The scenarios run as node:test tests in a child process
// (test/e2e/scenarios.test.mjs) that connects to the Chromium launched here.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { requireChromium } from './environment.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const KEEP = process.env.TERSIFY_E2E_KEEP === '1'; // keep the temp folder (logs) even on success
const t0 = Date.now();
const say = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// ---------------------------------------------------------------- process bookkeeping
const groups = new Map(); // pgid -> name
function killGroups(signal) {
  for (const [pgid] of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      /* gone */
    }
  }
}
function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
async function cleanup() {
  if (groups.size === 0) return;
  killGroups('SIGTERM');
  const end = Date.now() + 5000;
  while ([...groups.keys()].some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  for (const [pgid, name] of groups) {
    if (alive(pgid)) {
      say(`${name} (process group ${pgid}) did not exit on SIGTERM: SIGKILL`);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  groups.clear();
}
process.on('exit', () => killGroups('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    say(`${sig}: stopping`);
    await cleanup();
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---------------------------------------------------------------- main
let tmp;
let failed = true;
try {
  // 1. code-server (cached outside the repository)
  const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tersify-code-server');
  run('sh', [join(root, 'scripts/install-code-server.sh'), cacheDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const codeServer = join(cacheDir, 'node_modules/.bin/code-server');
  const CHROMIUM = requireChromium(); // TERSIFY_CHROMIUM
  say(`code-server ready in ${cacheDir}`);

  // 2. the linux-x64 VSIX (rebuilt when missing or older than dist/)
  const vsix = join(root, `dist-vsix/tersify-linux-x64-${pkg.version}.vsix`);
  const distTime = existsSync(join(root, 'dist')) ? newestMtime(join(root, 'dist')) : Infinity;
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < distTime) {
    say('packaging the linux-x64 VSIX');
    run('npm', ['run', '--silent', 'package', '--', '--target', 'linux-x64'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const vsixFiles = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n');
  if (!vsixFiles.includes('extension/models/tersify-small-en/model.onnx')) throw new Error(`${vsix} lacks the default model models/tersify-small-en`);
  // The Extensions view shows the user README (not the developer one), the changelog and the icon.
  for (const f of ['extension/readme.md', 'extension/changelog.md', 'extension/media/icon.png'])
    if (!vsixFiles.includes(f)) throw new Error(`${vsix} lacks ${f}`);
  const readme = execFileSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' });
  if (/npm ci|test:e2e/.test(readme) || !/runs locally|on your machine/.test(readme))
    throw new Error(`${vsix}: readme.md is not the user README (media/extension-readme.md)`);
  say(`VSIX ${vsix} (${(statSync(vsix).size / 1048576).toFixed(1)} MB, with the default model)`);

  // 3. temp folders: HOME, user data, extensions, workspaces
  tmp = mkdtempSync(join(tmpdir(), 'tersify-e2e-'));
  const dirs = Object.fromEntries(['home', 'userData', 'extensions', 'workspace', 'integration', 'stage', 'results'].map((k) => [k, join(tmp, k)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const fixtures = join(root, 'test/e2e/fixtures/workspace');
  for (const ws of [dirs.workspace, dirs.integration]) {
    cpSync(fixtures, ws, { recursive: true });
    mkdirSync(join(ws, 'assets'), { recursive: true });
    // a small "PNG": magic number, NUL bytes and control characters
    writeFileSync(
      join(ws, 'assets/logo.bin'),
      Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0x5c, 0x72, 0xa8, 0x66,
      ]),
    );
  }
  const resultsFile = join(dirs.results, 'integration.json');
  writeFileSync(join(dirs.integration, '.tersify-integration.json'), JSON.stringify({ results: resultsFile }));

  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'git.enabled': false,
  };
  for (const sub of ['User', 'Machine']) {
    mkdirSync(join(dirs.userData, sub), { recursive: true });
    writeFileSync(join(dirs.userData, sub, 'settings.json'), JSON.stringify(settings, null, 2));
  }

  // 4. the test extension (tool caller + integration-suite runner), packaged with vsce
  const stage = join(dirs.stage, 'tersify-e2e');
  cpSync(join(root, 'test/e2e/test-extension'), stage, { recursive: true });
  cpSync(join(root, 'test/integration'), join(stage, 'integration'), { recursive: true, filter: (p) => !p.endsWith('runner.js') });
  const testVsix = join(dirs.stage, 'tersify-e2e.vsix');
  run(
    process.execPath,
    [
      require.resolve('@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--skip-license',
      '--allow-missing-repository',
      '--allow-star-activation',
      '--out',
      testVsix,
    ],
    {
      cwd: stage,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );

  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const x of [vsix, testVsix]) run(codeServer, [...common, '--install-extension', x], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = readdirSync(dirs.extensions).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
  say(`installed: ${installed.join(', ')}`);
  if (!installed.some((d) => d.startsWith(`tersify.tersify-${pkg.version}`))) throw new Error('the Tersify VSIX did not install');

  // 5. code-server on 127.0.0.1:<free port>, in its own process group
  const port = await freePort();
  const log = openSync(join(tmp, 'code-server.log'), 'a');
  const cs = spawn(
    codeServer,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      dirs.workspace,
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  groups.set(cs.pid, 'code-server');
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/healthz`, 60000);
  say(`code-server (pid ${cs.pid}) at ${base}`);

  // 6. Chromium, launched here (own process group) so that this process can always kill it
  const { chromium } = require('playwright-core');
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...env, HOME: dirs.home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const chromiumPid = server.process().pid;
  groups.set(chromiumPid, 'chromium');
  say(`chromium (pid ${chromiumPid})`);

  // 7. the scenarios (node:test, spec reporter)
  const shots = join(root, 'test/e2e/screenshots');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const grep = process.env.E2E_GREP ? [`--test-name-pattern=${process.env.E2E_GREP}`] : [];
  const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...grep, join(root, 'test/e2e/scenarios.test.mjs')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_BASE_URL: base,
      E2E_WS_ENDPOINT: server.wsEndpoint(),
      E2E_WORKSPACE: dirs.workspace,
      E2E_INTEGRATION_WORKSPACE: dirs.integration,
      E2E_INTEGRATION_RESULTS: resultsFile,
      E2E_SCREENSHOTS: shots,
      E2E_USER_DATA: dirs.userData,
      E2E_TERSIFY_MANIFEST: join(
        dirs.extensions,
        installed.find((d) => d.startsWith('tersify.tersify-')),
        'package.json',
      ),
    },
  });
  groups.set(child.pid, 'scenarios');
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  groups.delete(child.pid);
  failed = code !== 0;
  await server.close().catch(() => {});
} catch (error) {
  console.error(`[e2e] ${error.stack || error}`);
  failed = true;
} finally {
  await cleanup();
  const leftovers = spawnSync('pgrep', ['-f', tmp ?? 'tersify-e2e-none'], { encoding: 'utf8' }).stdout.trim();
  if (leftovers) say(`WARNING: processes still reference ${tmp}: ${leftovers.replace(/\n/g, ' ')}`);
  if (tmp) {
    if (failed || KEEP) {
      say(`kept ${tmp} (code-server.log, user data with the extension host logs)`);
      if (failed) {
        const logs = spawnSync(
          'sh',
          [
            '-c',
            `tail -n 40 ${join(tmp, 'code-server.log')}; for f in $(find ${join(tmp, 'userData/logs')} -name '*Tersify*.log' 2>/dev/null); do echo "== $f"; tail -n 40 "$f"; done`,
          ],
          { encoding: 'utf8' },
        );
        console.log(logs.stdout);
      }
    } else rmSync(tmp, { recursive: true, force: true });
  }
  say(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exitCode = failed ? 1 : 0;
}
