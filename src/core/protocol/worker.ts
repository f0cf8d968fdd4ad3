/** Messages between the extension host (or any front end) and the engine worker (src/core/worker/worker.ts). */
import type { PackRequest, PackedContext } from '../contextPack';
import type { FileInput, FilesResult } from '../files';
import type { CompressOptions, CompressionResult, TextEngineOptions, TokenizerName } from '../types';

/** Options that can cross a thread boundary (the AbortSignal is replaced by request cancellation). */
export type WorkerCompressOptions = Omit<CompressOptions, 'signal'>;
export type WarmUpOptions = TextEngineOptions & { tokenizer?: TokenizerName };

/** A context-packing request that can cross a thread boundary. */
export type WorkerPackRequest = Omit<PackRequest, 'signal'>;

/** Passed as `workerData` when the worker starts. */
export interface WorkerStartData {
  /** The extension's install folder (holds models/ and grammars/). */
  assetRoot?: string;
}

/** Requests the host sends to the worker: `method → [params, result]`. */
export interface WorkerMethods {
  compress: [{ input: string; options: WorkerCompressOptions }, CompressionResult];
  /** Several files under one shared budget (core `compressFiles`): `## path` blocks and a savings line. */
  compressFiles: [{ files: FileInput[]; options: WorkerCompressOptions }, FilesResult];
  /** Retrieved context for an assistant request (core `packContext`): budget capped by the model window. */
  packContext: [{ request: WorkerPackRequest }, PackedContext];
  countTokens: [{ text: string; tokenizer?: TokenizerName }, { tokens: number }];
  /** Loads the prose model's session ahead of the first compression (core `Engine.warmUp`). */
  warmUp: [{ options: WarmUpOptions }, { provider: string; ms: number }];
  /** Releases loaded models (ONNX sessions); the next compression reloads them. */
  releaseModels: [Record<string, never>, { released: boolean }];
  ping: [Record<string, never>, { threadId: number }];
  /** Cancels running work, waits for it to stop and releases native resources, so the thread can end safely. */
  shutdown: [Record<string, never>, { ok: true }];
}

/** Events the worker emits. */
export interface WorkerEvents {
  log: { level: 'info' | 'warn' | 'error'; message: string };
}
