/** Shared state of the extension: the engine door, the history store, virtual documents, and hooks between views. */
import * as vscode from 'vscode';
import type { CompressionSource, UsedAction } from './protocol/inspector';
import type { PanelControls } from './protocol/panel';
import type { Engine } from '../core/engine';
import type { CompressionResult } from '../core/types';
import { TersifyDocuments } from './documents';
import { EngineClient } from './engine/client';
import { loggingEngine } from './engine/logging';
import { HistoryStore, type HistoryEntry, type NewEntry } from './history/store';
import { log } from './log';
import { readSettings, type TersifySettings } from './settings';

export interface RecordInput {
  source: CompressionSource;
  title: string;
  original: string;
  result: CompressionResult;
  controls: PanelControls;
  filename?: string;
  /** What the user did with this result (Replace, Copy, Open as Document). */
  used?: UsedAction;
}

/** The engine calls, each logged, plus the worker's lifecycle. */
export type EngineDoor = Engine & Pick<EngineClient, 'releaseModels' | 'dispose' | 'started'>;

export class Services implements vscode.Disposable {
  /** The one door to the engine (in the worker): every call is logged there. */
  readonly engine: EngineDoor;
  readonly docs = new TersifyDocuments();
  private history: Promise<HistoryStore> | undefined;
  private readonly historyChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeHistory = this.historyChanged.event;

  constructor(readonly context: vscode.ExtensionContext) {
    const write = (level: 'info' | 'warn' | 'error', message: string) => log()?.[level](message);
    const client = new EngineClient({
      workerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
      assetRoot: context.extensionUri.fsPath,
      log: write,
    });
    this.engine = {
      ...loggingEngine(client, write),
      releaseModels: () => client.releaseModels(),
      dispose: () => client.dispose(),
      get started() {
        return client.started;
      },
    };
  }

  settings(): TersifySettings {
    return readSettings();
  }

  /** Loaded on first use. */
  historyStore(): Promise<HistoryStore> {
    this.history ??= (async () => {
      const store = new HistoryStore(this.context.globalStorageUri.fsPath, { maxEntries: this.settings().historySize });
      await store.load();
      if (store.loadProblem) log()?.warn(store.loadProblem);
      return store;
    })();
    return this.history;
  }

  /** Adds a compression to the history (failures are logged, never shown: history is secondary). */
  async record(input: RecordInput): Promise<HistoryEntry | undefined> {
    return this.writeHistory((store) => store.add(this.newEntry(input)));
  }

  /**
   * Replaces history entry `id` (recorded in this session) with a newer result of the same compression: what the
   * view recomputed or what the user used. Undefined when it is not this session's (the caller then records).
   */
  async revise(id: string, input: RecordInput): Promise<HistoryEntry | undefined> {
    return this.writeHistory((store) => store.revise(id, this.newEntry(input)));
  }

  private newEntry(input: RecordInput): NewEntry {
    return {
      source: input.source,
      mode: input.result.mode,
      language: input.result.language,
      filename: input.filename,
      title: input.title,
      original: input.original,
      compressed: input.result.compressed,
      originalTokens: input.result.originalTokens,
      compressedTokens: input.result.compressedTokens,
      ms: input.result.ms,
      tokenizer: input.result.tokenizer,
      controls: input.controls,
      pricePerMillionTokens: this.settings().pricePerMillionTokens,
      used: input.used,
    };
  }

  private async writeHistory(write: (store: HistoryStore) => Promise<HistoryEntry | undefined>): Promise<HistoryEntry | undefined> {
    try {
      const entry = await write(await this.historyStore());
      if (entry) this.historyChanged.fire();
      return entry;
    } catch (error) {
      log()?.error(`could not save the history: ${(error as Error).message}`);
      return undefined;
    }
  }

  notifyHistoryChanged(): void {
    this.historyChanged.fire();
  }

  dispose(): void {
    void this.engine.dispose();
    this.docs.dispose();
    this.historyChanged.dispose();
  }
}
