/**
 * A small in-memory stand-in for the `vscode` module: enough of the API for Tersify's wiring to run in plain
 * Node (commands, editors, documents, webviews, configuration, notifications). It records what the extension
 * did so tests can assert on it. Not a VS Code emulator: the real-editor run is the e2e suite's job.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import Module from 'node:module';
import { join } from 'node:path';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static from(c: { scheme: string; path: string }): Uri {
    return new Uri(c.scheme, c.path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}

export class Selection extends Range {
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class FakeDocument {
  version = 1;
  isClosed = false;
  isUntitled = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    readonly languageId: string,
  ) {}
  get fileName(): string {
    return this.uri.fsPath;
  }
  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  offsetAt(p: Position): number {
    const lines = this.text.split('\n');
    let off = 0;
    for (let i = 0; i < p.line; i++) off += lines[i].length + 1;
    return off + p.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  /** Simulates an edit (bumps the version). */
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
}

export class MarkdownString {
  value = '';
  constructor(value = '', readonly supportThemeIcons = false) {
    this.value = value;
  }
  appendText(t: string): this {
    this.value += t;
    return this;
  }
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export class LanguageModelTextPart {
  constructor(readonly value: string) {}
}

export class LanguageModelToolResult {
  constructor(readonly content: unknown[]) {}
}

export class LanguageModelChatMessage {
  constructor(
    readonly role: 'user' | 'assistant',
    readonly content: string,
  ) {}
  static User(content: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage('user', content);
  }
}

export class LanguageModelError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  static NoPermissions(message = ''): LanguageModelError {
    return new LanguageModelError(message, 'NoPermissions');
  }
  static NotFound(message = ''): LanguageModelError {
    return new LanguageModelError(message, 'NotFound');
  }
}

/** A cancellation token the test can trip. */
export class FakeToken {
  isCancellationRequested = false;
  private readonly cancelled = new EventEmitter<void>();
  onCancellationRequested = this.cancelled.event;
  cancel(): void {
    this.isCancellationRequested = true;
    this.cancelled.fire();
  }
}

export const ProgressLocation = { Notification: 15, Window: 10 };
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ViewColumn = { Active: -1, Beside: -2, One: 1 };
export const ConfigurationTarget = { Global: 1, Workspace: 2 };
export const FileType = { File: 1, Directory: 2 };
export const QuickPickItemKind = { Separator: -1, Default: 0 };

export class FakeWebview {
  html = '';
  options: unknown = {};
  readonly posted: unknown[] = [];
  readonly cspSource = 'vscode-resource:';
  private readonly received = new EventEmitter<unknown>();
  onDidReceiveMessage = this.received.event;
  asWebviewUri(uri: Uri): Uri {
    return Uri.from({ scheme: 'vscode-resource', path: uri.path });
  }
  async postMessage(m: unknown): Promise<boolean> {
    this.posted.push(structuredClone(m));
    return true;
  }
  /** Delivers a message as if the webview script had posted it. */
  send(m: unknown): void {
    this.received.fire(m);
  }
  /** Waits for the response to request `id`. */
  async response(id: number, timeoutMs = 30_000): Promise<{ ok: boolean; result?: unknown; error?: { message: string; code?: string } }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = this.posted.find((m) => (m as { kind: string; id: number }).kind === 'response' && (m as { id: number }).id === id);
      if (r) return r as { ok: boolean; result?: unknown };
      if (Date.now() > end) throw new Error(`no response to request ${id}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  title: string;
  iconPath: unknown;
  private readonly disposed = new EventEmitter<void>();
  onDidDispose = this.disposed.event;
  constructor(
    readonly viewType: string,
    title: string,
  ) {
    this.title = title;
  }
  reveal(): void {}
  dispose(): void {
    this.disposed.fire();
  }
}

export class FakeView {
  readonly webview = new FakeWebview();
  visible = true;
  private readonly vis = new EventEmitter<void>();
  onDidChangeVisibility = this.vis.event;
  private readonly disp = new EventEmitter<void>();
  onDidDispose = this.disp.event;
}

/** Everything the extension did, for assertions; and knobs for answers to dialogs. */
export const record = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  messages: [] as { level: 'info' | 'warn' | 'error'; text: string }[],
  statusMessages: [] as string[],
  panels: [] as FakePanel[],
  viewProviders: new Map<string, { resolveWebviewView(v: FakeView): void }>(),
  serializers: new Map<string, unknown>(),
  contentProviders: new Map<string, { provideTextDocumentContent(u: Uri): string }>(),
  executed: [] as unknown[][],
  edits: [] as WorkspaceEdit[],
  clipboard: '',
  config: {} as Record<string, unknown>,
  configWrites: [] as [string, unknown][],
  openedDocuments: [] as { content?: string; language?: string }[],
  quickPick: undefined as ((items: unknown[]) => unknown) | undefined,
  inputBox: undefined as string | undefined,
  warningChoice: undefined as string | undefined,
  saveUri: undefined as Uri | undefined,
  logs: [] as string[],
  statusItems: [] as { text: string; tooltip: unknown; visible: boolean }[],
  participants: new Map<string, { id: string; iconPath?: unknown; requestHandler: (...args: unknown[]) => unknown }>(),
  tools: new Map<string, { invoke(o: unknown, t: unknown): unknown; prepareInvocation?(o: unknown, t: unknown): unknown }>(),
};

const activeEditorChanged = new EventEmitter<unknown>();
const selectionChanged = new EventEmitter<unknown>();
const docChanged = new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>();
const configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();

export const window = {
  activeTextEditor: undefined as { document: FakeDocument; selection: Selection; selections: Selection[] } | undefined,
  createOutputChannel: (_name: string) => {
    const log = (level: string) => (m: string) => record.logs.push(`${level}: ${m}`);
    return { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), trace: log('trace'), show: () => undefined, dispose: () => undefined, appendLine: log('line') };
  },
  createStatusBarItem: () => {
    const item = { text: '', tooltip: undefined as unknown, visible: false, name: '', command: '', accessibilityInformation: undefined as unknown, show() { item.visible = true; }, hide() { item.visible = false; }, dispose() {} };
    record.statusItems.push(item);
    return item;
  },
  registerWebviewPanelSerializer: (type: string, s: unknown) => {
    record.serializers.set(type, s);
    return new Disposable();
  },
  registerWebviewViewProvider: (id: string, p: { resolveWebviewView(v: FakeView): void }) => {
    record.viewProviders.set(id, p);
    return new Disposable();
  },
  createWebviewPanel: (viewType: string, title: string) => {
    const p = new FakePanel(viewType, title);
    record.panels.push(p);
    return p;
  },
  showInformationMessage: async (text: string) => {
    record.messages.push({ level: 'info', text });
    return undefined;
  },
  showWarningMessage: async (text: string, ...rest: unknown[]) => {
    record.messages.push({ level: 'warn', text });
    return rest.some((r) => r === record.warningChoice) ? record.warningChoice : undefined;
  },
  showErrorMessage: async (text: string) => {
    record.messages.push({ level: 'error', text });
    return undefined;
  },
  setStatusBarMessage: (text: string) => {
    record.statusMessages.push(text);
    return new Disposable();
  },
  withProgress: async <T>(_o: unknown, task: (p: { report(v: unknown): void }, token: { onCancellationRequested(l: () => void): Disposable }) => Promise<T>) =>
    task({ report: () => undefined }, { onCancellationRequested: () => new Disposable() }),
  onDidChangeActiveTextEditor: activeEditorChanged.event,
  onDidChangeTextEditorSelection: selectionChanged.event,
  showQuickPick: async (items: unknown[]) => record.quickPick?.(items),
  showInputBox: async () => record.inputBox,
  showSaveDialog: async () => record.saveUri,
  showOpenDialog: async () => undefined,
  showTextDocument: async () => undefined,
};

export const workspace = {
  textDocuments: [] as FakeDocument[],
  workspaceFolders: undefined as { name: string; uri: Uri; index: number }[] | undefined,
  getConfiguration: () => ({
    get: (key: string) => record.config[key],
    update: async (key: string, value: unknown) => {
      record.configWrites.push([key, value]);
      record.config[key] = value;
      configChanged.fire({ affectsConfiguration: (s: string) => s === 'tersify' || s === `tersify.${key}` });
    },
  }),
  onDidChangeConfiguration: configChanged.event,
  onDidChangeTextDocument: docChanged.event,
  registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent(u: Uri): string }) => {
    record.contentProviders.set(scheme, p);
    return new Disposable();
  },
  applyEdit: async (edit: WorkspaceEdit) => {
    record.edits.push(edit);
    for (const e of edit.edits) {
      const doc = workspace.textDocuments.find((d) => d.uri.toString() === e.uri.toString());
      if (!doc) return false;
      const text = doc.getText();
      doc.setText(text.slice(0, doc.offsetAt(e.range.start)) + e.text + text.slice(doc.offsetAt(e.range.end)));
      docChanged.fire({ document: doc, contentChanges: [{}] });
    }
    return true;
  },
  asRelativePath: (u: Uri | string) => (typeof u === 'string' ? u : u.path.split('/').slice(-2).join('/')),
  openTextDocument: async (o: { content?: string; language?: string }) => {
    record.openedDocuments.push(o);
    return new FakeDocument(Uri.from({ scheme: 'untitled', path: 'Untitled-1' }), o.content ?? '', o.language ?? 'plaintext');
  },
  fs: {
    stat: async (u: Uri) => {
      const s = await stat(u.fsPath);
      return { type: s.isDirectory() ? FileType.Directory : FileType.File, size: s.size };
    },
    readFile: async (u: Uri) => new Uint8Array(await readFile(u.fsPath)),
    writeFile: async (u: Uri, data: Uint8Array) => writeFile(u.fsPath, data),
  },
};

export const chat = {
  createChatParticipant: (id: string, requestHandler: (...args: unknown[]) => unknown) => {
    const p = { id, iconPath: undefined as unknown, requestHandler, dispose: () => record.participants.delete(id) };
    record.participants.set(id, p);
    return p;
  },
};

export const lm = {
  registerTool: (name: string, tool: { invoke(o: unknown, t: unknown): unknown }) => {
    if (record.tools.has(name)) throw new Error(`tool ${name} registered twice`);
    record.tools.set(name, tool);
    return new Disposable(() => record.tools.delete(name));
  },
};

export const commands = {
  registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
    if (record.commands.has(id)) throw new Error(`command ${id} registered twice`);
    record.commands.set(id, fn);
    return new Disposable(() => record.commands.delete(id));
  },
  executeCommand: async (id: string, ...args: unknown[]) => {
    record.executed.push([id, ...args]);
    const fn = record.commands.get(id);
    return fn ? fn(...args) : undefined;
  },
};

export const env = {
  clipboard: {
    writeText: async (t: string) => {
      record.clipboard = t;
    },
    readText: async () => record.clipboard,
  },
};

/** Opens `doc` in the fake active editor with the given selection (empty = none). */
export function showEditor(doc: FakeDocument, start?: number, end?: number): void {
  if (!workspace.textDocuments.includes(doc)) workspace.textDocuments.push(doc);
  const sel = new Selection(doc.positionAt(start ?? 0), doc.positionAt(end ?? start ?? 0));
  window.activeTextEditor = { document: doc, selection: sel, selections: [sel] };
  activeEditorChanged.fire(window.activeTextEditor);
}

/** Makes `require('vscode')` return this module. */
export function installFakeVscode(): void {
  const self = module.exports;
  const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return self;
    return load.call(this, request, parent, isMain);
  };
}
