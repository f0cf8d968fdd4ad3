/**
 * ONNX Runtime sessions: one frozen execution-provider table per platform, sessions created lazily
 * once per (model folder, provider setting, threads) and reused, all released by `disposeSessions`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { TersifyError } from '../errors';
import type { ExecutionProviderSetting } from '../types';

export type Provider = Exclude<ExecutionProviderSetting, 'auto'>;

let ortModule: typeof Ort | undefined;

/** ONNX Runtime, loaded on first use so that code-only work never pays for (or needs) it. */
export function loadOrt(): typeof Ort {
  if (!ortModule) {
    try {
      ortModule = require('onnxruntime-node') as typeof Ort;
    } catch (e) {
      throw new TersifyError(
        'model',
        `ONNX Runtime cannot be loaded on ${process.platform}-${process.arch} (${shortMessage(e)}): prose compression is unavailable here; code compression still works`,
      );
    }
  }
  return ortModule;
}

/** What `auto` tries, in order, per platform-arch. CPU always ends the list. */
export const PROVIDERS_BY_PLATFORM: Readonly<Record<string, readonly Provider[]>> = Object.freeze({
  'linux-x64': Object.freeze(['cuda', 'cpu'] as const),
  'linux-arm64': Object.freeze(['cpu'] as const),
  'win32-x64': Object.freeze(['dml', 'cpu'] as const),
  'win32-arm64': Object.freeze(['dml', 'cpu'] as const),
  'darwin-arm64': Object.freeze(['coreml', 'cpu'] as const),
  'darwin-x64': Object.freeze(['coreml', 'cpu'] as const),
});

export function providersFor(platform = process.platform, arch = process.arch): readonly Provider[] {
  return PROVIDERS_BY_PLATFORM[`${platform}-${arch}`] ?? ['cpu'];
}

/**
 * Whether `auto` should try a provider: CUDA only when onnxruntime-node's CUDA provider library has
 * been installed next to its binding (it is not part of the npm package's default binaries).
 */
export function providerInstalled(provider: Provider): boolean {
  if (provider !== 'cuda') return true;
  try {
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    const bin = join(root, 'bin');
    for (const napi of readdirSync(bin)) {
      const dir = join(bin, napi, process.platform, process.arch);
      if (existsSync(join(dir, 'libonnxruntime_providers_cuda.so'))) return true;
    }
    return false;
  } catch {
    return true; // cannot tell: let the runtime decide
  }
}

export interface SessionHandle {
  session: Ort.InferenceSession;
  provider: Provider;
  /** Why a requested/preferred provider was not used (empty when none failed). */
  fallbacks: string[];
  inputNames: readonly string[];
  outputName: string;
}

export interface SessionOptions {
  executionProvider?: ExecutionProviderSetting;
  threads?: number;
}

const sessions = new Map<string, Promise<SessionHandle>>();

function shortMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 300);
}

async function createSession(modelPath: string, opts: SessionOptions): Promise<SessionHandle> {
  const setting = opts.executionProvider ?? 'auto';
  const platform = `${process.platform}-${process.arch}`;
  const table = providersFor();
  const fallbacks: string[] = [];
  let tries: Provider[];
  if (setting === 'auto') tries = table.filter(providerInstalled);
  else if (setting === 'cpu') tries = ['cpu'];
  else if (!table.includes(setting)) {
    fallbacks.push(`execution provider "${setting}" is not supported on ${platform} (supported: ${table.join(', ')}); using cpu`);
    tries = ['cpu'];
  } else tries = [setting, 'cpu'];

  const ort = loadOrt();
  const base: Ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
  if (opts.threads && opts.threads > 0) base.intraOpNumThreads = Math.floor(opts.threads);
  let lastError: unknown;
  for (const provider of tries) {
    try {
      // Failed GPU attempts are reported in the notes; keep the runtime's own log quiet about them.
      const quiet = provider === 'cpu' ? {} : { logSeverityLevel: 4 as const };
      const session = await ort.InferenceSession.create(modelPath, { ...base, ...quiet, executionProviders: [provider] });
      return finish(session, provider, fallbacks, modelPath);
    } catch (e) {
      if (e instanceof TersifyError) throw e;
      lastError = e;
      if (provider !== 'cpu') fallbacks.push(`execution provider "${provider}" failed (${shortMessage(e)}); using cpu`);
    }
  }
  throw new TersifyError('model', `cannot load ${modelPath}: the file is truncated, corrupt or not an ONNX model (${shortMessage(lastError)})`);
}

function finish(session: Ort.InferenceSession, provider: Provider, fallbacks: string[], modelPath: string): SessionHandle {
  const inputNames = session.inputNames;
  if (!inputNames.includes('input_ids')) {
    void session.release();
    throw new TersifyError('model', `${modelPath} has no "input_ids" input (inputs: ${inputNames.join(', ')}): not a token classifier`);
  }
  const outputName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
  return { session, provider, fallbacks, inputNames, outputName };
}

/** The shared session for a model file; created on first use. */
export function getSession(modelPath: string, opts: SessionOptions = {}): Promise<SessionHandle> {
  const key = `${modelPath}|${opts.executionProvider ?? 'auto'}|${opts.threads ?? 0}`;
  let p = sessions.get(key);
  if (!p) {
    p = createSession(modelPath, opts);
    sessions.set(key, p);
    p.catch(() => sessions.delete(key));
  }
  return p;
}

/** Releases every session (they are recreated on the next use). */
export async function disposeSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) {
    try {
      await (await p).session.release();
    } catch {
      // a session that failed to load has nothing to release
    }
  }
}

