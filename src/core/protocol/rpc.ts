/**
 * A small typed RPC over any message channel (worker_threads port, webview postMessage).
 * Requests are typed by a map `method → [params, result]`; events by a map `type → payload`.
 * Each request carries an id; the caller may cancel it, which aborts the handler's signal on the other side.
 * No DOM, Node or vscode imports: used by the worker, the extension host and the webviews alike.
 */

/** A request map `method → [params, result]` (checked structurally, so interfaces keep exact keys). */
export type RpcMap<T> = { [K in keyof T]: [unknown, unknown] };
/** No events in this direction. */
export type NoEvents = Record<never, never>;

export interface SerializedError {
  name: string;
  message: string;
  /** A TersifyError code or another machine-readable code. */
  code?: string;
}

export type RpcMessage =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: SerializedError }
  | { kind: 'cancel'; id: number }
  | { kind: 'event'; type: string; payload: unknown };

/** An error that crossed the channel; `code` is preserved (e.g. 'cancelled', 'binary', 'model'). */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    name = 'RemoteError',
  ) {
    super(message);
    this.name = name;
  }
}

export const CANCELLED = 'cancelled';

export function isCancellation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === CANCELLED;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(error) };
}

export function isRpcMessage(value: unknown): value is RpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'request' || kind === 'response' || kind === 'cancel' || kind === 'event';
}

type Handler = (params: unknown, signal: AbortSignal) => unknown;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

/**
 * One side of a channel. `Out`/`In`: requests this side sends / answers.
 * `OutEvents`/`InEvents`: events this side emits / listens to.
 */
export class RpcEndpoint<Out extends RpcMap<Out>, In extends RpcMap<In>, OutEvents extends object = NoEvents, InEvents extends object = NoEvents> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Handler>();
  private readonly running = new Map<number, AbortController>();
  private readonly runningTasks = new Set<Promise<void>>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly post: (message: RpcMessage) => void) {}

  /** Sends a request; aborting `signal` cancels it here (rejects with code 'cancelled') and over there. */
  request<K extends keyof Out & string>(method: K, params: Out[K][0], signal?: AbortSignal): Promise<Out[K][1]> {
    if (signal?.aborted) return Promise.reject(new RemoteError('request was cancelled', CANCELLED, 'CancelledError'));
    const id = this.nextId++;
    return new Promise<Out[K][1]>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.safePost({ kind: 'cancel', id });
        reject(new RemoteError('request was cancelled', CANCELLED, 'CancelledError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      try {
        this.post({ kind: 'request', id, method, params });
      } catch (error) {
        this.settle(id, false, error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Registers the handler of one request type; the signal aborts when the caller cancels. */
  handle<K extends keyof In & string>(method: K, handler: (params: In[K][0], signal: AbortSignal) => In[K][1] | Promise<In[K][1]>): void {
    this.handlers.set(method, handler as Handler);
  }

  emit<K extends keyof OutEvents & string>(type: K, payload: OutEvents[K]): void {
    this.safePost({ kind: 'event', type, payload });
  }

  /** Listens to one event type; returns an unsubscribe function. */
  on<K extends keyof InEvents & string>(type: K, listener: (payload: InEvents[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const fn = listener as (payload: unknown) => void;
    set.add(fn);
    return () => set!.delete(fn);
  }

  /** Number of requests waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Feeds one incoming message; anything that is not an RpcMessage is ignored. */
  receive(message: unknown): void {
    if (!isRpcMessage(message)) return;
    switch (message.kind) {
      case 'response':
        if (message.ok) this.settle(message.id, true, message.result);
        else {
          const e = message.error;
          this.settle(message.id, false, new RemoteError(e.message, e.code, e.name));
        }
        return;
      case 'cancel':
        this.running.get(message.id)?.abort();
        return;
      case 'event':
        for (const listener of this.listeners.get(message.type) ?? []) {
          try {
            listener(message.payload);
          } catch {
            // a faulty listener must not break the channel
          }
        }
        return;
      case 'request': {
        const task = this.dispatch(message.id, message.method, message.params);
        this.runningTasks.add(task);
        void task.finally(() => this.runningTasks.delete(task));
        return;
      }
    }
  }

  /** Rejects every pending request (e.g. the other side died). */
  failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id, false, error);
  }

  /** Resolves when at most `remaining` handlers still run (a handler waiting for the others passes 1). */
  async whenIdle(remaining = 0): Promise<void> {
    while (this.runningTasks.size > remaining) await Promise.race(this.runningTasks);
  }

  /** Aborts every handler still running (e.g. on shutdown). */
  abortRunning(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  private async dispatch(id: number, method: string, params: unknown): Promise<void> {
    // Let the caller register this task first, so that a handler's whenIdle(1) counts itself.
    await Promise.resolve();
    const handler = this.handlers.get(method);
    if (!handler) {
      this.safePost({ kind: 'response', id, ok: false, error: { name: 'Error', message: `unknown method "${method}"`, code: 'usage' } });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const result = await handler(params, controller.signal);
      this.safePost({ kind: 'response', id, ok: true, result });
    } catch (error) {
      this.safePost({ kind: 'response', id, ok: false, error: serializeError(error) });
    } finally {
      this.running.delete(id);
    }
  }

  private settle(id: number, ok: boolean, value: unknown): void {
    const pending = this.pending.get(id);
    if (!pending) return; // cancelled or unknown: ignore late answers
    this.pending.delete(id);
    pending.cleanup();
    if (ok) pending.resolve(value);
    else pending.reject(value as Error);
  }

  private safePost(message: RpcMessage): void {
    try {
      this.post(message);
    } catch {
      // the channel is gone (disposed webview, exited worker); nothing to do
    }
  }
}
