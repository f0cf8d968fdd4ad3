/**
 * The extension side of the engine worker: starts it lazily, restarts it after a crash, disposes it.
 * No vscode import, so it is tested against the real worker.
 */
import { Worker } from 'node:worker_threads';
import type { Engine } from '../../core/engine';
import { TersifyError } from '../../core/errors';
import { RpcEndpoint, type NoEvents } from '../../core/protocol/rpc';
import type { PackRequest, PackedContext } from '../../core/contextPack';
import type { FileInput, FilesResult } from '../../core/files';
import type { WarmUpOptions, WorkerCompressOptions, WorkerEvents, WorkerMethods, WorkerPackRequest, WorkerStartData } from '../../core/protocol/worker';
import type { CompressOptions, CompressionResult, TokenizerName } from '../../core/types';

export interface EngineClientOptions {
  /** Path of the bundled worker script (dist/worker.js) or, in tests, src/core/worker/worker.ts. */
  workerPath: string;
  /** Folder holding models/ and grammars/ (the extension's install folder). */
  assetRoot?: string;
  /** Extra Node flags for the worker (tests: ['--import', 'tsx']). */
  execArgv?: string[];
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

type Endpoint = RpcEndpoint<WorkerMethods, NoEvents, NoEvents, WorkerEvents>;

interface Running {
  worker: Worker;
  endpoint: Endpoint;
}

/** The engine over the worker thread: the same `Engine` calls as in process, cancellable through their signals. */
export class EngineClient implements Engine {
  private running: Running | undefined;
  private disposed = false;
  /** How many times the worker died unexpectedly (for logs and tests). */
  crashes = 0;

  constructor(private readonly options: EngineClientOptions) {}

  /** True while a worker thread is alive. */
  get started(): boolean {
    return this.running !== undefined;
  }

  compress(input: string, options: CompressOptions = {}): Promise<CompressionResult> {
    const { signal, ...rest } = options;
    return this.call('compress', { input, options: rest satisfies WorkerCompressOptions }, signal);
  }

  /** Core `compressFiles` in the worker: one shared budget, `## path` blocks, a savings line. */
  compressFiles(files: FileInput[], options: CompressOptions = {}): Promise<FilesResult> {
    const { signal, ...rest } = options;
    return this.call('compressFiles', { files, options: rest satisfies WorkerCompressOptions }, signal);
  }

  /** Core `packContext` in the worker: the sources packed to a budget that fits the model's window. */
  packContext(request: PackRequest): Promise<PackedContext> {
    const { signal, ...rest } = request;
    return this.call('packContext', { request: rest satisfies WorkerPackRequest }, signal);
  }

  async countTokens(text: string, tokenizer?: TokenizerName, signal?: AbortSignal): Promise<number> {
    return (await this.call('countTokens', { text, tokenizer }, signal)).tokens;
  }

  /** Core `Engine.warmUp` in the worker: loads the prose model's session before the first compression. */
  warmUp(options: WarmUpOptions = {}): Promise<{ provider: string; ms: number }> {
    return this.call('warmUp', { options });
  }

  /** Drops loaded models (e.g. after the model setting changed); a no-op when the worker is not running. */
  async releaseModels(): Promise<void> {
    if (this.running) await this.call('releaseModels', {});
  }

  async ping(): Promise<number> {
    return (await this.call('ping', {})).threadId;
  }

  /**
   * Stops the worker; later calls start a new one unless the client was disposed. The worker is first asked
   * to cancel its work and release ONNX Runtime (terminating a thread inside a native call aborts the process);
   * it is terminated anyway after `graceMs`.
   */
  async stop(graceMs = 5000): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.endpoint.failAll(new TersifyError('cancelled', 'the engine was stopped'));
    running.worker.ref();
    const shutdown = running.endpoint.request('shutdown', {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([shutdown.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await running.worker.terminate();
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return this.stop();
  }

  private call<K extends keyof WorkerMethods & string>(method: K, params: WorkerMethods[K][0], signal?: AbortSignal): Promise<WorkerMethods[K][1]> {
    if (this.disposed) return Promise.reject(new TersifyError('internal', 'the Tersify engine was disposed'));
    let running: Running;
    try {
      running = this.ensure();
    } catch (error) {
      return Promise.reject(new TersifyError('internal', `cannot start the Tersify engine: ${(error as Error).message}`));
    }
    // Keep the process alive only while requests are in flight (the CLI and tests must be able to exit).
    running.worker.ref();
    const promise = running.endpoint.request(method, params, signal);
    const settled = () => {
      if (this.running === running && running.endpoint.pendingCount === 0) running.worker.unref();
    };
    promise.then(settled, settled);
    return promise;
  }

  private ensure(): Running {
    if (this.running) return this.running;
    const start: WorkerStartData = { assetRoot: this.options.assetRoot };
    const worker = new Worker(this.options.workerPath, {
      workerData: start,
      execArgv: this.options.execArgv,
      stderr: false,
    });
    const endpoint: Endpoint = new RpcEndpoint((message) => worker.postMessage(message));
    const running: Running = { worker, endpoint };
    worker.on('message', (message) => endpoint.receive(message));
    endpoint.on('log', ({ level, message }) => this.options.log?.(level, message));
    const died = (reason: string) => {
      if (this.running !== running) return; // stopped on purpose
      this.running = undefined;
      this.crashes++;
      this.options.log?.('error', `engine worker ${reason}; it restarts on the next request`);
      endpoint.failAll(new TersifyError('internal', `the Tersify engine stopped unexpectedly (${reason})`));
    };
    worker.on('error', (error) => died(`crashed: ${error.message}`));
    worker.on('exit', (code) => died(`exited with code ${code}`));
    this.running = running;
    this.options.log?.('info', 'engine worker started');
    return running;
  }
}
