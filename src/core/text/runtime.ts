/**
 * All contact with ONNX Runtime: one frozen execution-provider table per platform, sessions created
 * lazily once per (model folder, provider setting, threads) and reused, all released by `disposeSessions`;
 * `runBatch` turns arrays into tensors and logits back into an array.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { TersifyError } from '../errors';
import type { ExecutionProviderSetting } from '../types';
import { DEFAULT_EXECUTION_PROVIDER } from '../vocabulary';

export type Provider = Exclude<ExecutionProviderSetting, 'auto'>;

let ortModule: typeof Ort | undefined;

/** ONNX Runtime, loaded on first use so that code-only work never pays for (or needs) it. */
function loadOrt(): typeof Ort {
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
  modelPath: string;
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
  const setting = opts.executionProvider ?? DEFAULT_EXECUTION_PROVIDER;
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
      // Failed GPU attempts are reported in the notes. Failures come back as errors with our message: the runtime's own (coloured) log lines stay quiet.
      const quiet = { logSeverityLevel: 4 as const };
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
  return { session, provider, fallbacks, inputNames, outputName, modelPath };
}

/** Token-classification logits of one batch, row-major with shape `dims` ([batch, sequence, labels] when well formed). */
export interface Logits {
  data: Float32Array;
  dims: readonly number[];
  /** The output's element type as the runtime reports it ('float32' when well formed). */
  type?: string;
}

/** What a batch's logits must look like: `labels` is config.json's label count when it names labels (id2label). */
export interface LogitsExpected {
  batch: number;
  seq: number;
  keepIndex: number;
  labels?: number;
  modelPath: string;
  outputName: string;
  configPath: string;
}

/**
 * The one check of what a model returned, naming the real fault: a non-float output, a wrong shape, a config.json
 * whose label map does not match the model, or non-finite values (a corrupt model file).
 */
export function checkLogits(l: Logits, e: LogitsExpected): void {
  const fail = (m: string) => {
    throw new TersifyError('model', m);
  };
  if (l.type !== undefined && l.type !== 'float32') {
    fail(`${e.modelPath}: output "${e.outputName}" holds ${l.type} values, expected float32 token-classification logits`);
  }
  const d = l.dims;
  if (d.length !== 3 || d[0] !== e.batch || d[1] !== e.seq || d[2] < 2) {
    fail(
      `${e.modelPath} has the wrong output shape: "${e.outputName}" is [${d.join(', ')}], expected [batch, sequence, labels ≥ 2] token-classification logits`,
    );
  }
  if ((e.labels !== undefined && e.labels !== d[2]) || e.keepIndex >= d[2]) {
    fail(
      `${e.configPath} does not match the model: its id2label names ${e.labels ?? e.keepIndex + 1} labels (keep = ${e.keepIndex}), the model outputs ${d[2]}`,
    );
  }
  let bad = 0;
  for (let i = 0; i < l.data.length; i++) if (!Number.isFinite(l.data[i])) bad++;
  if (bad > 0) fail(`${e.modelPath} is corrupt: it produced ${bad} of ${l.data.length} logits that are NaN or infinite`);
}

/**
 * Runs the model on a batch of `batch` rows of `seq` token ids and their attention mask (row-major);
 * token_type_ids (zeros) are fed when the model takes them. Tensors are made and released here.
 * `onRun` gets the time spent in session.run.
 */
export async function runBatch(
  handle: SessionHandle,
  ids: Int32Array,
  mask: Uint8Array,
  batch: number,
  seq: number,
  onRun?: (ms: number) => void,
): Promise<Logits> {
  const ort = loadOrt();
  const dims = [batch, seq];
  const int64 = (a: ArrayLike<number>) => {
    const out = new BigInt64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = BigInt(a[i]);
    return out;
  };
  const feeds: Record<string, Ort.Tensor> = { input_ids: new ort.Tensor('int64', int64(ids), dims) };
  if (handle.inputNames.includes('attention_mask')) feeds.attention_mask = new ort.Tensor('int64', int64(mask), dims);
  if (handle.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch * seq), dims);
  const t0 = performance.now();
  let out: Ort.InferenceSession.ReturnType;
  try {
    out = await handle.session.run(feeds);
  } catch (e) {
    throw new TersifyError('model', `running ${handle.modelPath} failed: ${(e as Error).message.split('\n')[0]}`);
  }
  onRun?.(performance.now() - t0);
  const logits = out[handle.outputName];
  const result = { data: logits.data as Float32Array, dims: [...logits.dims], type: logits.type };
  // CPU tensors: dispose drops the tensor's references; the data array stays valid.
  for (const k of Object.keys(out)) out[k].dispose?.();
  return result;
}

/** The shared session for a model file; created on first use. */
export function getSession(modelPath: string, opts: SessionOptions = {}): Promise<SessionHandle> {
  const key = `${modelPath}|${opts.executionProvider ?? DEFAULT_EXECUTION_PROVIDER}|${opts.threads ?? 0}`;
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
