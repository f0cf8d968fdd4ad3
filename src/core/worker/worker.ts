/**
 * The engine worker: one thread that runs compression (ONNX Runtime, tree-sitter) off the caller's thread.
 * Started with `workerData: WorkerStartData`. The engine itself is imported on first use, so starting the
 * worker (e.g. for token counts) loads neither ONNX Runtime nor grammars.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { setAssetRoot } from '../assets';
import { countTokens } from '../budget/tokenizers';
import { RpcEndpoint, type NoEvents } from '../protocol/rpc';
import type { WorkerEvents, WorkerMethods, WorkerStartData } from '../protocol/worker';

type Engine = typeof import('../index');

export function startWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const start = (workerData ?? {}) as WorkerStartData;
  if (start.assetRoot) setAssetRoot(start.assetRoot);

  const endpoint = new RpcEndpoint<NoEvents, WorkerMethods, WorkerEvents>((message) => port.postMessage(message));
  port.on('message', (message) => endpoint.receive(message));

  // Loaded on first use with a synchronous require: esbuild bundles it as a lazily-initialised module (so
  // ONNX Runtime and grammars load only then), and it also works when the worker runs from source under tsx.
  let engine: Promise<Engine> | undefined;
  const loadEngine = (): Promise<Engine> => {
    if (!engine) {
      engine = new Promise<Engine>((resolve) => resolve(require('../index') as Engine));
      engine.catch(() => (engine = undefined)); // retry on the next request
    }
    return engine;
  };

  endpoint.handle('compress', async ({ input, options }, signal) => {
    const core = await loadEngine();
    return core.localEngine.compress(input, { ...options, signal });
  });
  endpoint.handle('compressFiles', async ({ files, options }, signal) => {
    const core = await loadEngine();
    return core.localEngine.compressFiles(files, { ...options, signal });
  });
  endpoint.handle('packContext', async ({ request }, signal) => {
    const core = await loadEngine();
    return core.localEngine.packContext({ ...request, signal });
  });
  endpoint.handle('warmUp', async ({ options }) => {
    const core = await loadEngine();
    return core.localEngine.warmUp(options);
  });
  endpoint.handle('countTokens', ({ text, tokenizer }) => ({ tokens: countTokens(text, tokenizer) }));
  endpoint.handle('releaseModels', async () => {
    if (!engine) return { released: false };
    const core = await engine;
    await core.disposeModels();
    return { released: true };
  });
  endpoint.handle('ping', () => ({ threadId }));
  // Terminating a thread while ONNX Runtime runs aborts the whole process, so the host asks first.
  endpoint.handle('shutdown', async () => {
    endpoint.abortRunning();
    await endpoint.whenIdle(1);
    if (engine) {
      const core = await engine.catch(() => undefined);
      await core?.disposeModels();
    }
    return { ok: true as const };
  });
}

startWorker();
