/**
 * The `tersify_compressContext` language-model tool (#tersify): agent mode passes workspace files, an optional
 * question and a budget; the files are packed to one shared budget by the engine and returned as `## path`
 * blocks plus one savings line. Files outside the workspace folders are refused in the result, never read.
 */
import * as vscode from 'vscode';
import { requestBudget } from '../../core/budget/budget';
import type { FileInput } from '../../core/files';
import { isCancellation } from '../../core/protocol/rpc';
import { bundleResult, bundleTitle, originalBundle, outcomes, skippedNote, sourcesResultText, uniqueSources, type Skipped } from '../../core/sources';
import { defaultControls } from '../commands/compressSelection';
import { readWorkspacePath } from '../files/read';
import { friendlyMessage, log } from '../log';
import type { Services } from '../services';
import { toCompressOptions } from '../settings';
import { invocationMessage, parseToolInput, TOOL_NAME, type ToolInput } from './input';

export { TOOL_NAME };

export class CompressContextTool implements vscode.LanguageModelTool<ToolInput> {
  constructor(private readonly services: Services) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ToolInput>): vscode.PreparedToolInvocation {
    const parsed = parseToolInput(options.input);
    return { invocationMessage: 'error' in parsed ? `Tersify: invalid input (${parsed.error})` : invocationMessage(parsed.input) };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<ToolInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const text = await this.run(options.input, token, options.tokenizationOptions?.tokenBudget);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }

  /** The result text; problems are described in it (the model can react), only cancellation throws. */
  async run(raw: unknown, token: vscode.CancellationToken, tokenBudget?: number): Promise<string> {
    const parsed = parseToolInput(raw);
    if ('error' in parsed) return `Tersify could not run: ${parsed.error}.`;
    const input = parsed.input;
    const skipped: Skipped[] = [];
    const sources: FileInput[] = [];
    for (const raw of input.paths) {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      const read = await readWorkspacePath(raw);
      if ('skipped' in read) skipped.push(read.skipped);
      else sources.push(read.source);
    }
    const unique = uniqueSources(sources);
    if (skipped.length) log()?.warn(`${TOOL_NAME}: ${skippedNote(skipped, 50)}`);
    if (unique.length === 0) return sourcesResultText({ text: '', files: 0, before: 0, after: 0, skipped });

    const s = this.services.settings();
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const packed = await this.services.engine.packContext({
        ...toCompressOptions(s, { question: input.question }),
        ...requestBudget({ settingsRate: s.rate, rate: input.rate, targetTokens: input.targetTokens, tokenBudget }),
        sources: unique,
        signal: controller.signal,
      });
      const { done, failed } = outcomes(packed);
      skipped.push(...failed);
      const kept = unique.filter((f) => !failed.some((x) => x.label === f.path));
      if (done > 0) {
        void this.services.record({
          source: 'tool',
          title: `#tersify: ${bundleTitle(kept.map((f) => f.path))}`,
          original: originalBundle(kept),
          result: bundleResult(packed, s.tokenizer),
          controls: defaultControls(s, input.question ?? ''),
        });
      }
      return sourcesResultText({ text: packed.text, files: done, before: packed.originalTokens, after: packed.compressedTokens, skipped });
    } catch (error) {
      // The engine door logged the failure.
      if (isCancellation(error) || token.isCancellationRequested) throw new vscode.CancellationError();
      return `Tersify could not compress the files: ${friendlyMessage(error).replace(/^Tersify(?: failed)?: /, '')}`;
    } finally {
      sub.dispose();
    }
  }
}
