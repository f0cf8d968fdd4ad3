/** Tersify: Compress Selection (view) and Compress Selection to Clipboard; also reopening history entries. */
import * as vscode from 'vscode';
import { looksBinary, MAX_INPUT_CHARS } from '../../core/input';
import type { PanelControls } from '../protocol/panel';
import type { CompressionResult } from '../../core/types';
import { isProseLanguage } from '../../core/vocabulary';
import { showError, showInfo, showWarning } from '../log';
import { CompressionPanel, type PanelSession } from '../panel/compressionPanel';
import { withDelayedProgress } from '../progress';
import { savingsText } from '../../core/savings';
import type { Services } from '../services';
import { toCompressOptions, type TersifySettings } from '../settings';

interface EditorInput {
  text: string;
  range: vscode.Range;
  document: vscode.TextDocument;
  wholeDocument: boolean;
}

/** The selection, or the whole document when nothing is selected; undefined (with a message) if unusable. */
export function editorInput(editor: vscode.TextEditor | undefined): EditorInput | undefined {
  if (!editor) {
    void showInfo('Tersify: open a file and select the text to compress.');
    return undefined;
  }
  const { document, selection } = editor;
  const wholeDocument = selection.isEmpty;
  const range = wholeDocument
    ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length))
    : new vscode.Range(selection.start, selection.end);
  const text = document.getText(range);
  if (text.trim().length === 0) {
    void showInfo(wholeDocument ? 'Tersify: nothing to compress: the document is empty.' : 'Tersify: nothing to compress: the selection is only whitespace.');
    return undefined;
  }
  if (text.length > MAX_INPUT_CHARS) {
    void showWarning(
      `Tersify: the ${wholeDocument ? 'document' : 'selection'} is too large to compress (${(text.length / 1048576).toFixed(1)} M characters; the limit is ${MAX_INPUT_CHARS / 1048576} M).`,
    );
    return undefined;
  }
  if (looksBinary(text)) {
    void showWarning('Tersify compresses text and source code only; this looks like binary data.');
    return undefined;
  }
  return { text, range, document, wholeDocument };
}

export function defaultControls(s: TersifySettings, question = ''): PanelControls {
  return { rate: s.rate, preset: s.preset, mode: s.mode, question };
}

/** Asks for an optional question when `tersify.questionAware` is on; undefined = the user cancelled. */
async function askQuestion(s: TersifySettings): Promise<string | undefined> {
  if (!s.questionAware) return '';
  return vscode.window.showInputBox({
    title: 'Tersify: question-aware compression',
    prompt: 'The question this context should answer (keeps what is relevant to it). Leave empty for none.',
    placeHolder: 'e.g. Why does the login test fail?',
  });
}

function titleOf(doc: vscode.TextDocument, whole: boolean): string {
  const name = doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
  return whole ? name : `${name} (selection)`;
}

async function compressEditor(
  services: Services,
): Promise<{ input: EditorInput; result: CompressionResult; controls: PanelControls; language?: string; filename?: string } | undefined> {
  const input = editorInput(vscode.window.activeTextEditor);
  if (!input) return undefined;
  const s = services.settings();
  const question = await askQuestion(s);
  if (question === undefined) return undefined;
  // A prose id says nothing about code: the engine then detects prose/code itself (from the file name and text).
  const language = isProseLanguage(input.document.languageId) ? undefined : input.document.languageId;
  const filename = input.document.isUntitled ? undefined : input.document.fileName;
  const controls = defaultControls(s, question);
  const options = toCompressOptions(s, { language, filename, question });
  const result = await withDelayedProgress('Tersify: compressing…', (signal) => services.engine.compress(input.text, { ...options, signal }));
  // Notes ("elided 9 function bodies") belong to this result: the view and the notification show them, not the
  // status bar, where they outlived the file they were about.
  return { input, result, controls, language, filename };
}

export async function compressSelection(services: Services): Promise<void> {
  try {
    const done = await compressEditor(services);
    if (!done) return;
    const { input, result, controls, language, filename } = done;
    const title = titleOf(input.document, input.wholeDocument);
    CompressionPanel.createOrShow(services, {
      title,
      original: input.text,
      result,
      controls,
      language,
      filename,
      target: { uri: input.document.uri, range: input.range },
      source: 'selection',
      recorded: services.record({ source: 'selection', title, original: input.text, result, controls, filename }),
    });
  } catch (error) {
    void showError(error, 'compress selection');
  }
}

export async function compressSelectionToClipboard(services: Services): Promise<void> {
  try {
    const done = await compressEditor(services);
    if (!done) return;
    const { input, result, controls, language, filename } = done;
    await vscode.env.clipboard.writeText(result.compressed);
    const title = titleOf(input.document, input.wholeDocument);
    const recorded = services.record({ source: 'selection', title, original: input.text, result, controls, filename, used: 'copied' });
    const SHOW = 'Show Details';
    const choice = await showInfo(clipboardMessage(result, services.settings().pricePerMillionTokens), SHOW);
    if (choice === SHOW) {
      CompressionPanel.createOrShow(services, {
        title,
        original: input.text,
        result,
        controls,
        language,
        filename,
        source: 'selection',
        recorded,
        used: 'copied',
      });
    }
  } catch (error) {
    void showError(error, 'compress selection to clipboard');
  }
}

/** The notification of Compress Selection to Clipboard: the savings, then the engine's notes. */
export function clipboardMessage(result: CompressionResult, pricePerMillionTokens: number): string {
  const notes = result.notes.map((n) => ` ${n.charAt(0).toUpperCase()}${n.slice(1)}${/[.!?]$/.test(n) ? '' : '.'}`).join('');
  return `Tersify: copied. ${savingsText(result.originalTokens, result.compressedTokens, pricePerMillionTokens)}.${notes}`;
}

/** Reopens a history entry: recomputes it when the original was kept whole, otherwise shows the stored texts. */
export async function openHistoryEntry(services: Services, id: string): Promise<{ ok: boolean; message?: string }> {
  const store = await services.historyStore();
  const entry = store.get(id);
  if (!entry) return { ok: false, message: 'This entry is no longer in the history.' };
  const base: Omit<PanelSession, 'result'> = {
    title: entry.title,
    original: entry.original,
    controls: entry.controls,
    language: entry.language,
    filename: entry.filename,
    truncated: entry.truncated,
    source: entry.source,
  };
  let result: CompressionResult | undefined;
  if (!entry.truncated) {
    try {
      const options = toCompressOptions(services.settings(), { ...entry.controls, language: entry.language, filename: entry.filename });
      result = await withDelayedProgress('Tersify: reopening…', (signal) =>
        services.engine.compress(entry.original, { ...options, tokenizer: entry.tokenizer, signal }),
      );
    } catch (error) {
      void showError(error, 'reopen history entry');
    }
  }
  result ??= {
    compressed: entry.compressed,
    originalTokens: entry.originalTokens,
    compressedTokens: entry.compressedTokens,
    ratio: entry.originalTokens ? entry.compressedTokens / entry.originalTokens : 1,
    budget: entry.compressedTokens,
    tokenizer: entry.tokenizer,
    mode: (['text', 'code', 'mixed', 'empty'].includes(entry.mode) ? entry.mode : 'text') as CompressionResult['mode'],
    language: entry.language,
    segments: [],
    spans: [],
    notes: [entry.truncated ? 'The original was cut to fit the history; showing the stored texts.' : 'Showing the stored texts.'],
    ms: entry.ms,
  };
  CompressionPanel.createOrShow(services, { ...base, result });
  return { ok: true };
}
