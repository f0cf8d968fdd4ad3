/**
 * The tersify_compressContext language-model tool's rules, without vscode: input validation, which paths may
 * be read (only inside the workspace folders), the budget, and the result text. tool.ts applies them.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { savingsSummary } from '../../core/format';
import { skippedNote, type Skipped } from '../files/sources';

export { TOOL_NAME } from '../ids';
/** Most paths one call may read. */
export const MAX_TOOL_PATHS = 200;

export interface ToolInput {
  paths: string[];
  question?: string;
  targetTokens?: number;
  rate?: number;
}

/** Checks what the model sent (it may send anything); the error text goes back to the model. */
export function parseToolInput(raw: unknown): { input: ToolInput } | { error: string } {
  if (typeof raw !== 'object' || raw === null) return { error: 'the input must be an object with "paths"' };
  const o = raw as Record<string, unknown>;
  if (!Array.isArray(o.paths) || o.paths.length === 0 || !o.paths.every((p) => typeof p === 'string' && p.trim() !== '')) {
    return { error: '"paths" must be a non-empty array of workspace-relative paths or file URIs' };
  }
  if (o.paths.length > MAX_TOOL_PATHS) return { error: `at most ${MAX_TOOL_PATHS} paths per call` };
  const input: ToolInput = { paths: o.paths.map((p: string) => p.trim()) };
  if (o.question !== undefined && o.question !== null) {
    if (typeof o.question !== 'string') return { error: '"question" must be a string' };
    if (o.question.trim()) input.question = o.question.trim();
  }
  if (o.targetTokens !== undefined && o.targetTokens !== null) {
    if (typeof o.targetTokens !== 'number' || !Number.isInteger(o.targetTokens) || o.targetTokens < 1) return { error: '"targetTokens" must be an integer ≥ 1' };
    input.targetTokens = o.targetTokens;
  }
  if (o.rate !== undefined && o.rate !== null) {
    if (typeof o.rate !== 'number' || !(o.rate > 0 && o.rate <= 1)) return { error: '"rate" must be a number in (0, 1] (the fraction of tokens to keep)' };
    input.rate = o.rate;
  }
  return { input };
}

/** The budget of one call: an explicit target means that many tokens; VS Code's tokenBudget for the result caps it. */
export function toolBudget(input: ToolInput, settingsRate: number, tokenBudget?: number): { rate: number; targetTokens?: number } {
  const caps = [input.targetTokens, tokenBudget !== undefined && Number.isFinite(tokenBudget) && tokenBudget > 0 ? Math.floor(tokenBudget) : undefined].filter(
    (x): x is number => x !== undefined,
  );
  const rate = input.rate ?? (input.targetTokens !== undefined ? 1 : settingsRate);
  return caps.length ? { rate, targetTokens: Math.max(1, Math.min(...caps)) } : { rate };
}

export interface WorkspaceFolderLike {
  name: string;
  /** The folder's file-system path (vscode.WorkspaceFolder.uri.fsPath). */
  fsPath: string;
}

export type ResolvedPath =
  /** Read `segments` under folder number `folder`; `display` is the `## header`. */
  | { folder: number; segments: string[]; display: string }
  | { refused: string };

const OUTSIDE = 'outside the workspace folders';

/** `full` relative to `root` when inside it ('' for the folder itself), else undefined. */
function inside(root: string, full: string): string | undefined {
  const rel = relative(root, full);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}

function resolved(folders: readonly WorkspaceFolderLike[], index: number, rel: string): ResolvedPath {
  if (rel === '') return { refused: 'a workspace folder, not a file' };
  const segments = rel.split(sep).filter(Boolean);
  const path = segments.join('/');
  return { folder: index, segments, display: folders.length > 1 ? `${folders[index].name}/${path}` : path };
}

/**
 * A workspace-relative path ("src/a.ts"; "folder/src/a.ts" in a multi-root workspace), an absolute path or a
 * file URI → the file to read, or why it is refused (outside every workspace folder, another scheme, no folder).
 */
export function resolveToolPath(raw: string, folders: readonly WorkspaceFolderLike[]): ResolvedPath {
  if (folders.length === 0) return { refused: 'no workspace folder is open' };
  let p = raw.trim();
  if (/^file:/i.test(p)) {
    try {
      p = fileURLToPath(p);
    } catch {
      return { refused: 'not a valid file URI' };
    }
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) {
    return { refused: 'only files in the workspace can be read' };
  }
  if (isAbsolute(p)) {
    const full = normalize(p);
    for (let i = 0; i < folders.length; i++) {
      const rel = inside(folders[i].fsPath, full);
      if (rel !== undefined) return resolved(folders, i, rel);
    }
    return { refused: OUTSIDE };
  }
  const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (parts.length === 0) return { refused: 'not a file path' };
  // Multi-root: a leading folder name picks that folder.
  if (folders.length > 1) {
    const named = folders.findIndex((f) => f.name === parts[0]);
    if (named >= 0 && parts.length > 1) {
      const rel = inside(folders[named].fsPath, resolve(folders[named].fsPath, ...parts.slice(1)));
      return rel !== undefined ? resolved(folders, named, rel) : { refused: OUTSIDE };
    }
  }
  const rel = inside(folders[0].fsPath, resolve(folders[0].fsPath, ...parts));
  return rel !== undefined ? resolved(folders, 0, rel) : { refused: OUTSIDE };
}

/** What prepareInvocation shows: "Compressing 2 files for the model: `src/a.ts`, `src/b.ts` (question-aware)". */
export function invocationMessage(input: ToolInput, max = 5): string {
  const n = input.paths.length;
  const shown = input.paths.slice(0, max).map((p) => `\`${p.replace(/`/g, "'")}\``);
  const budget = input.targetTokens !== undefined ? ` to ${input.targetTokens.toLocaleString('en-US')} tokens` : input.rate !== undefined ? ` to ${Math.round(input.rate * 100)}%` : '';
  return `Tersify: reading and compressing ${n} file${n === 1 ? '' : 's'}${budget}: ${shown.join(', ')}${n > max ? `, … (${n - max} more)` : ''}${input.question ? ' (question-aware)' : ''}`;
}

/**
 * The result the model gets: every file under a `## path` header (the engine's blocks), a line for what was
 * skipped or refused, then one savings line: "2 files: 1,234 → 567 tokens (−54%)".
 */
export function toolResultText(o: { text: string; files: number; before: number; after: number; skipped: readonly Skipped[] }): string {
  const note = skippedNote(o.skipped, 20);
  if (o.files === 0) return `Nothing was compressed. ${note || 'No readable file was given.'}`.trim();
  const summary = savingsSummary(`${o.files} file${o.files === 1 ? '' : 's'}`, o.before, o.after);
  return [o.text.replace(/\s+$/, ''), '', ...(note ? [note] : []), summary].join('\n');
}
