/** Where shipped assets (grammars/, models/) live: the package root, found from this file's location. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let overrideRoot: string | undefined;

/** Front ends that know better (e.g. the extension's install folder) set the root explicitly. */
export function setAssetRoot(dir: string | undefined): void {
  overrideRoot = dir;
}

let foundRoot: string | undefined;

/** The folder holding Tersify's package.json (works from src/ under tsx and from the dist/ bundles). */
export function assetRoot(): string {
  if (overrideRoot) return overrideRoot;
  if (foundRoot) return foundRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'tersify') return (foundRoot = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Tersify's install folder above ${__dirname}`);
    dir = parent;
  }
}

export function grammarsDir(): string {
  return join(assetRoot(), 'grammars');
}

export function modelsDir(): string {
  return join(assetRoot(), 'models');
}

/** The bundled default prose model. */
export const DEFAULT_MODEL_NAME = 'tersify-small-en';

export function defaultModelDir(): string {
  return join(modelsDir(), DEFAULT_MODEL_NAME);
}
