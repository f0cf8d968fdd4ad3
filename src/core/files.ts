/**
 * Several files under one shared budget (Compress Files to Clipboard, the MCP and language-model tools):
 * each file is compressed with its own language, the budget is shared in proportion to size,
 * and the results are joined under Markdown headers with fences that cannot collide with the content.
 */
import { resolveBudget } from './budget/budget';
import { checkTokenizer, tokenCounter } from './budget/tokenizers';
import { compress } from './compress';
import { renderFileBlock, savingsSummary } from './format';
import { TersifyError, throwIfAborted } from './errors';
import type { CompressOptions, CompressionResult } from './types';

export { renderFileBlock, savingsSummary };

export interface FileInput {
  /** Path shown in the header (relative to the workspace where possible). */
  path: string;
  text: string;
}

export interface FileOutcome {
  path: string;
  /** Absent when the file was skipped. */
  result?: CompressionResult;
  /** Why the file was skipped (binary, too large, ...). */
  error?: string;
}

export interface FilesResult {
  /** All files joined with headers. */
  text: string;
  files: FileOutcome[];
  originalTokens: number;
  compressedTokens: number;
  /** "3 files: 12,400 → 4,100 tokens (−67%)" */
  summary: string;
}

export async function compressFiles(files: FileInput[], options: CompressOptions = {}): Promise<FilesResult> {
  const count = tokenCounter(checkTokenizer(options.tokenizer));
  const sizes = files.map((f) => count(f.text));
  const total = sizes.reduce((a, b) => a + b, 0);
  const budget = resolveBudget(total, options);
  const { targetTokens: _ignored, ...perFile } = options;
  const outcomes: FileOutcome[] = [];
  const blocks: string[] = [];
  let before = 0;
  for (let i = 0; i < files.length; i++) {
    throwIfAborted(options.signal);
    const f = files[i];
    const share = total === 0 ? 1 : Math.max(1, Math.floor((budget * sizes[i]) / total));
    try {
      const result = await compress(f.text, {
        ...perFile,
        rate: sizes[i] === 0 ? 1 : Math.min(1, share / sizes[i]),
        filename: f.path,
      });
      outcomes.push({ path: f.path, result });
      blocks.push(renderFileBlock(f.path, result.compressed));
      before += count(renderFileBlock(f.path, f.text));
    } catch (e) {
      if (e instanceof TersifyError && e.code === 'cancelled') throw e;
      outcomes.push({ path: f.path, error: e instanceof Error ? e.message : String(e) });
    }
  }
  const text = blocks.join('\n');
  const after = count(text);
  const done = outcomes.filter((o) => o.result).length;
  return {
    text,
    files: outcomes,
    originalTokens: before,
    compressedTokens: after,
    summary: savingsSummary(`${done} file${done === 1 ? '' : 's'}`, before, after),
  };
}
