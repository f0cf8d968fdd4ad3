/**
 * Several files under one shared budget (Compress Files to Clipboard, the MCP and language-model tools):
 * each file is compressed with its own language, the budget is shared by the one allocator,
 * and the results are joined under Markdown headers with fences that cannot collide with the content.
 *
 * One basis: the budget, `originalTokens` and `compressedTokens` all count the rendered `## path` blocks as sent;
 * the headers and fence lines are a fixed cost reserved before the files' bodies share the rest.
 */
import { shareBudget } from './budget/allocate';
import { resolveBudget } from './budget/budget';
import { checkTokenizer, tokenCounter } from './budget/tokenizers';
import { compressToBudget } from './compress';
import { renderFileBlock } from './format';
import { savingsSummary } from './savings';
import { TersifyError, throwIfAborted, usageError } from './errors';
import { checkTextInput } from './input';
import { checkOptions } from './options';
import type { CompressOptions, CompressionResult } from './types';

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
  /** Tokens of the original files rendered the same way (`## path` blocks joined). */
  originalTokens: number;
  /** Tokens of `text`. */
  compressedTokens: number;
  /** "3 files: 12,400 → 4,100 tokens (−67%)" */
  summary: string;
}

const JOIN = '\n';
/** Passes that trim the largest file when joining the blocks cost more than their parts. */
const TRIM_PASSES = 2;

function failure(e: unknown): string {
  if (e instanceof TersifyError && e.code === 'cancelled') throw e;
  return e instanceof Error ? e.message : String(e);
}

export async function compressFiles(files: FileInput[], options: CompressOptions = {}): Promise<FilesResult> {
  const { budget: _budget, ...result } = await compressFilesTo(files, options, (originalTokens) => resolveBudget(originalTokens, options));
  return result;
}

/**
 * Internal (compressFiles, packContext): `budgetOf` turns the tokens of the rendered original blocks into the
 * budget; the files' bodies share it after the headers and fences, and the joined text never exceeds it
 * unless forced content alone does.
 */
/**
 * How many files at the end are left out when the headers and fences of all of them exceed the budget (1,000
 * empty blocks are not worth sending): then the first files whose frames take at most half the budget are kept,
 * so that their bodies get the rest. The first file is always kept.
 */
function leaveOut(ids: readonly number[], budget: number, frameOf: (i: number) => number): number {
  const frames = ids.map(frameOf);
  if (frames.reduce((a, b) => a + b, 0) <= budget) return 0;
  let used = 0;
  for (let j = 0; j < ids.length; j++) {
    used += frames[j];
    if (j > 0 && used > budget / 2) return ids.length - j;
  }
  return 0;
}

export async function compressFilesTo(
  files: FileInput[],
  options: CompressOptions,
  budgetOf: (originalTokens: number) => number,
): Promise<FilesResult & { budget: number }> {
  checkOptions(options);
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'object' && f !== null && typeof f.path === 'string')) {
    throw usageError('files must be an array of { path, text } with string paths');
  }
  const count = tokenCounter(checkTokenizer(options.tokenizer));
  const outcomes: FileOutcome[] = files.map((f) => ({ path: f.path }));
  // Files that cannot be compressed (binary, too large) are skipped before the budget: they are not sent.
  const valid: number[] = [];
  files.forEach((f, i) => {
    try {
      checkTextInput(f.text);
      valid.push(i);
    } catch (e) {
      outcomes[i].error = failure(e);
    }
  });
  const original = (ids: readonly number[]) => ids.map((i) => renderFileBlock(files[i].path, files[i].text)).join(JOIN);
  let originalTokens = count(original(valid));
  const budget = budgetOf(originalTokens);
  const all = valid.length;
  const left = leaveOut(valid, budget, (i) => count(renderFileBlock(files[i].path, '')) + 1);
  for (const i of valid.splice(valid.length - left)) {
    outcomes[i].error = `left out: ${budget} tokens cannot hold the headers of all ${all} files`;
  }
  if (left > 0) originalTokens = count(original(valid));
  const sizes = valid.map((i) => count(files[i].text));
  const frame = Math.max(0, originalTokens - sizes.reduce((a, b) => a + b, 0));

  const run = async (j: number, share: number): Promise<{ result?: CompressionResult; error?: string }> => {
    throwIfAborted(options.signal);
    const f = files[valid[j]];
    try {
      return { result: await compressToBudget(f.text, share, { ...options, filename: f.path }, sizes[j]) };
    } catch (e) {
      return { error: failure(e) };
    }
  };
  // claim 0: headers, fences and joins (fixed); claim j + 1: file valid[j]
  const claims = [{ tokens: frame, fixed: true }, ...sizes.map((tokens) => ({ tokens }))];
  const shared = await shareBudget(
    claims,
    budget,
    (c, share) => run(c - 1, share),
    (o) => o.result?.compressedTokens ?? 0,
  );
  const outputs = shared.outputs.slice(1) as { result?: CompressionResult; error?: string }[];

  const join = () => {
    const done = valid.flatMap((_i, j) => (outputs[j].result ? [j] : []));
    const text = done.map((j) => renderFileBlock(files[valid[j]].path, outputs[j].result!.compressed)).join(JOIN);
    return { done, text, tokens: count(text) };
  };
  let joined = join();
  // The blocks' tokens need not add up exactly: trim the largest file by what the joined text is over.
  for (let pass = 0; pass < TRIM_PASSES && joined.tokens > budget && joined.done.length > 0; pass++) {
    const j = joined.done.reduce((a, b) => (outputs[b].result!.compressedTokens > outputs[a].result!.compressedTokens ? b : a));
    const current = outputs[j].result!.compressedTokens;
    const share = current - (joined.tokens - budget);
    if (share < 0) break;
    const trimmed = await run(j, share);
    if (!trimmed.result || trimmed.result.compressedTokens >= current) break;
    outputs[j] = trimmed;
    joined = join();
  }

  valid.forEach((i, j) => {
    if (outputs[j].result) outcomes[i].result = outputs[j].result;
    else outcomes[i].error = outputs[j].error;
  });
  if (joined.done.length < valid.length) originalTokens = count(original(joined.done.map((j) => valid[j])));
  const done = joined.done.length;
  return {
    text: joined.text,
    files: outcomes,
    originalTokens,
    compressedTokens: joined.tokens,
    summary: savingsSummary(`${done} file${done === 1 ? '' : 's'}`, originalTokens, joined.tokens),
    budget,
  };
}
