/** Shared test helpers: paths, Chromium and the shared data folder (scripts/environment.mjs), running the built CLI. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..');
export const cliPath = join(repoRoot, 'dist/cli.js');
export const fixtureModel = (name: 'tiny-bert' | 'tiny-unigram') => join(repoRoot, 'test/fixtures/models', name);

export { requireChromium, sharedDataPath } from '../scripts/environment.mjs';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/cli.js, made by `npm run build`) with stdin. */
export function runCli(args: string[], stdin: string | Buffer = '', env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
