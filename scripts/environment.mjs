// The two things outside this repository that tests, scripts and benches use, each named by one
// environment variable (documented in the README's Development section):
//   TERSIFY_CHROMIUM     Chromium's executable (default /usr/bin/chromium): webview tests, npm run test:e2e
//   TERSIFY_SHARED_DATA  the shared data folder (default ../shared/data, relative to the repository root):
//                        GSC, QMSum, Bugs2Fix and XQuAD for the data tests and the training smoke test
// A test that needs one of them and cannot find it fails with a message naming the variable.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Chromium's executable, whether or not it exists. */
export function chromiumPath() {
  return process.env.TERSIFY_CHROMIUM || '/usr/bin/chromium';
}

/** Chromium's executable; throws (naming TERSIFY_CHROMIUM) when it is not there. */
export function requireChromium() {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install it (apt-get install chromium) or set TERSIFY_CHROMIUM to its executable`);
  return path;
}

/** The shared data folder, whether or not it exists. */
export function sharedDataDir() {
  return resolve(root, process.env.TERSIFY_SHARED_DATA || '../shared/data');
}

/** A file or folder inside the shared data folder; throws (naming TERSIFY_SHARED_DATA) when it is not there. */
export function sharedDataPath(rel) {
  const path = join(sharedDataDir(), rel);
  if (!existsSync(path))
    throw new Error(`shared data not found: ${path} (set TERSIFY_SHARED_DATA to the shared data folder; default ../shared/data next to the repository)`);
  return path;
}
