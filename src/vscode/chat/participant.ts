/**
 * The @tersify chat participant: resolves the request's references (#file, #selection, attached files and
 * locations, string values), packs them with the engine to a budget that fits the chosen model, shows what was
 * sent (with one button per reference), then asks the model and streams its answer. /compress only shows the
 * compressed context; /budget N sets the budget. The rules are in plan.ts.
 */
import * as vscode from 'vscode';
import { requestBudget } from '../../core/budget/budget';
import type { PackedContext } from '../../core/contextPack';
import { contextPrompt } from '../../core/format';
import type { FileInput } from '../../core/files';
import { isCancellation } from '../../core/protocol/rpc';
import {
  bundleResult,
  checkText,
  originalBundle,
  outcomes,
  skippedNote,
  sliceRange,
  sourceLabel,
  uniqueSources,
  type Decoded,
  type Skipped,
} from '../../core/sources';
import { defaultControls } from '../commands/compressSelection';
import { displayPath, readSource } from '../files/read';
import { friendlyMessage, log } from '../log';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import {
  chatTitle,
  contextHeader,
  modelErrorMarkdown,
  NO_CONTEXT_NOTE,
  NO_MODEL,
  NOTHING_TO_COMPRESS,
  PARTICIPANT_ID,
  planChatRequest,
  planReference,
  questionText,
} from './plan';
import { COMMAND_SHOW_SOURCE, type ContextViews } from './views';

export { PARTICIPANT_ID };

export function registerChatParticipant(services: Services, views: ContextViews): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, _context, stream, token) =>
    handleChatRequest(services, views, request, stream, token),
  );
  participant.iconPath = new vscode.ThemeIcon('fold');
  return participant;
}

interface Resolved {
  sources: FileInput[];
  skipped: Skipped[];
  /** Reference markers in the prompt and the labels they stand for. */
  markers: { range?: [number, number]; label: string }[];
  /** Set when no reference was attached and the active editor's selection was used. */
  selectionFallback?: string;
}

/** The request's references as sources, in prompt order. */
async function resolveReferences(request: vscode.ChatRequest): Promise<Resolved> {
  const out: Resolved = { sources: [], skipped: [], markers: [] };
  // VS Code lists references in reverse prompt order.
  for (const ref of [...request.references].reverse()) {
    const plan = planReference<vscode.Uri>(ref, displayPath);
    out.markers.push({ range: ref.range, label: plan.label });
    if (plan.kind === 'unsupported') {
      out.skipped.push({ label: plan.label, reason: 'not a file, range or text' });
      continue;
    }
    let read: Decoded;
    if (plan.kind === 'text') read = checkText(plan.text);
    else {
      read = await readSource(plan.uri, false);
      if (plan.kind === 'range' && 'text' in read) read = checkText(sliceRange(read.text, plan.range));
    }
    if ('skip' in read) out.skipped.push({ label: plan.label, reason: read.skip });
    else out.sources.push({ path: plan.label, text: read.text });
  }
  out.sources = uniqueSources(out.sources);
  // Nothing attached at all: a non-empty selection in the active editor is what the user means.
  if (request.references.length === 0) {
    const editor = vscode.window.activeTextEditor;
    if (editor && !editor.selection.isEmpty) {
      const label = sourceLabel(displayPath(editor.document.uri), editor.selection);
      const read = checkText(editor.document.getText(editor.selection));
      if ('text' in read) {
        out.sources.push({ path: label, text: read.text });
        out.selectionFallback = label;
      }
    }
  }
  return out;
}

/** Tokens before/after as the model counts them; our tokenizer's counts when the model cannot count. */
async function countForModel(
  model: vscode.LanguageModelChat | undefined,
  original: string,
  packed: PackedContext,
  tokenizer: string,
  token: vscode.CancellationToken,
): Promise<{ before: number; after: number; countedBy: string }> {
  if (model && typeof model.countTokens === 'function') {
    try {
      const [before, after] = await Promise.all([model.countTokens(original, token), model.countTokens(packed.text, token)]);
      if (Number.isFinite(before) && Number.isFinite(after)) return { before, after, countedBy: model.name || model.id };
    } catch (error) {
      log()?.warn(`@tersify: the model could not count tokens (${(error as Error).message}); using ${tokenizer}`);
    }
  }
  return { before: packed.originalTokens, after: packed.compressedTokens, countedBy: tokenizer };
}

export async function handleChatRequest(
  services: Services,
  views: ContextViews,
  request: vscode.ChatRequest,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const metadata = { command: request.command ?? '' };
  const refs = await resolveReferences(request);
  const plan = planChatRequest(request.command, questionText(request.prompt, refs.markers));
  if (plan.problem) {
    stream.markdown(plan.problem);
    return { metadata };
  }
  const model = request.model as vscode.LanguageModelChat | undefined;
  if (plan.send && !model) {
    stream.markdown(NO_MODEL);
    return { metadata };
  }
  const skippedText = skippedNote(refs.skipped);

  if (refs.sources.length === 0) {
    if (!plan.send) {
      stream.markdown(`${NOTHING_TO_COMPRESS}${skippedText ? `\n\n_${skippedText}_` : ''}`);
      return { metadata };
    }
    stream.markdown(`${NO_CONTEXT_NOTE}${skippedText ? `_${skippedText}_\n\n` : ''}`);
    await ask(model!, plan.question, stream, token);
    return { metadata };
  }

  const s = services.settings();
  const controller = new AbortController();
  const sub = token.onCancellationRequested(() => controller.abort());
  let packed: PackedContext;
  try {
    stream.progress(`Compressing ${refs.sources.length} reference${refs.sources.length === 1 ? '' : 's'}…`);
    packed = await services.engine.packContext({
      ...toCompressOptions(s, { question: plan.question }),
      ...requestBudget({ settingsRate: s.rate, targetTokens: plan.targetTokens, maxInputTokens: plan.send ? model?.maxInputTokens : undefined }),
      sources: refs.sources,
      signal: controller.signal,
    });
  } catch (error) {
    // The engine door logged the failure.
    if (isCancellation(error) || token.isCancellationRequested) return { metadata };
    stream.markdown(`**${friendlyMessage(error)}**`);
    return { metadata, errorDetails: { message: friendlyMessage(error) } };
  } finally {
    sub.dispose();
  }
  if (token.isCancellationRequested) return { metadata };

  const { done, failed } = outcomes(packed);
  const kept = refs.sources.filter((f) => !failed.some((x) => x.label === f.path));
  const original = originalBundle(kept);
  const counts = await countForModel(model, original, packed, s.tokenizer, token);
  stream.markdown(
    contextHeader({
      ...counts,
      sources: done,
      budget: packed.budget,
      skipped: skippedNote([...refs.skipped, ...failed]) || undefined,
      selectionFallback: refs.selectionFallback,
    }),
  );
  const controls = defaultControls(s, plan.question);
  for (const file of packed.files) {
    if (!file.result) continue;
    const text = kept.find((k) => k.path === file.path)?.text ?? '';
    const id = views.add({ title: file.path, original: text, result: file.result, controls, language: file.result.language, filename: file.path });
    stream.button({ command: COMMAND_SHOW_SOURCE, title: `$(fold) ${file.path}`, tooltip: `Show what Tersify kept of ${file.path}`, arguments: [id] });
  }
  if (done > 0) {
    void services.record({ source: 'chat', title: chatTitle(plan, done), original, result: bundleResult(packed, s.tokenizer), controls });
  }
  if (!plan.send) {
    stream.markdown(`\n\n${packed.text}`);
    return { metadata };
  }
  stream.markdown('\n\n---\n\n');
  await ask(model!, contextPrompt(plan.question, packed), stream, token);
  return { metadata };
}

/** Sends one user message and streams the answer; model errors become markdown, cancellation stops quietly. */
async function ask(model: vscode.LanguageModelChat, prompt: string, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<void> {
  try {
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], {}, token);
    for await (const fragment of response.text) {
      if (token.isCancellationRequested) return;
      stream.markdown(fragment);
    }
  } catch (error) {
    if (token.isCancellationRequested || isCancellation(error) || error instanceof vscode.CancellationError) return;
    const code = error instanceof vscode.LanguageModelError ? error.code : undefined;
    log()?.warn(`@tersify: the language model failed (${code ?? 'error'}): ${(error as Error).message}`);
    stream.markdown(`\n\n${modelErrorMarkdown(code, error instanceof Error ? error.message : String(error))}`);
  }
}
