/**
 * Reading source files confined to roots: the path is resolved textually (roots.ts), then its real path (links
 * followed) must lie inside a root's real path; only regular files are opened, and never more than the limit
 * is read (a file that grows, or reports size 0 like /proc files, is cut off at the limit and skipped).
 */
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { throwIfAborted } from '../errors';
import type { FileInput } from '../files';
import type { Skipped } from './result';
import { FOLDER_NOT_FILE, insideRoot, resolveSourcePath, type ResolvedPath, type SourceRoots } from './roots';
import { checkText, decodeSource, MAX_SOURCE_BYTES, sizeProblem, type Decoded } from './text';

export interface ReadOptions {
  /** Size limit (bytes); default MAX_SOURCE_BYTES. */
  max?: number;
  /** An editor's text for `fsPath` (unsaved edits win over the disk); checked like file text. */
  openText?: (fsPath: string) => string | undefined;
  signal?: AbortSignal;
  /** A read that takes longer is skipped (a hung network drive); default READ_TIMEOUT_MS. */
  timeoutMs?: number;
}

export const READ_TIMEOUT_MS = 10_000;

/** `read`, or a skip when it has not settled within the timeout. */
function timed(read: Promise<Decoded>, options: ReadOptions): Promise<Decoded> {
  const ms = options.timeoutMs ?? READ_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Decoded>((done) => {
    timer = setTimeout(() => done({ skip: `not read within ${ms / 1000} s` }), ms);
  });
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

export type SourceRead = { source: FileInput } | { skipped: Skipped };

/** Why a file-system entry that is not a regular file is not read. */
function kindProblem(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return FOLDER_NOT_FILE;
  if (st.isFIFO()) return 'a FIFO, not a file';
  if (st.isSocket()) return 'a socket, not a file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a file';
  return 'not a regular file';
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a link loop';
  return (error as Error).message;
}

// O_NONBLOCK: opening a FIFO swapped in after the check must not wait for a writer; O_NOFOLLOW: nor a new link.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** At most `max + 1` bytes of an open file. */
async function readBounded(handle: import('node:fs/promises').FileHandle, size: number, max: number): Promise<Uint8Array> {
  const limit = max + 1;
  let buf = Buffer.allocUnsafe(Math.min(limit, Math.max(size + 1, 64 * 1024)));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (buf.length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, buf.length * 2));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const { bytesRead } = await handle.read(buf, total, buf.length - total, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return buf.subarray(0, total);
}

/** The text of the file at `fsPath` (already inside a root textually), or why it is skipped (agents' paths). */
export async function readConfinedFile(fsPath: string, roots: SourceRoots, options: ReadOptions = {}): Promise<Decoded> {
  try {
    const real = await realpath(fsPath);
    const realRoots = await Promise.all(roots.folders.map((f) => realpath(f.fsPath).catch(() => undefined)));
    if (!realRoots.some((r) => r !== undefined && insideRoot(r, real) !== undefined)) return { skip: `outside ${roots.label} (through a link)` };
    return await timed(readRegularFile(fsPath, real, options), options);
  } catch (error) {
    return { skip: errorReason(error) };
  }
}

/** A file the user picked (explorer, a chat reference): same limits and checks, no root. */
export async function readLocalFile(fsPath: string, options: ReadOptions = {}): Promise<Decoded> {
  try {
    return await timed(readRegularFile(fsPath, await realpath(fsPath), options), options);
  } catch (error) {
    return { skip: errorReason(error) };
  }
}

async function readRegularFile(fsPath: string, real: string, options: ReadOptions): Promise<Decoded> {
  const max = options.max ?? MAX_SOURCE_BYTES;
  const st = await stat(real);
  const problem = kindProblem(st) ?? sizeProblem(st.size, max);
  if (problem) return { skip: problem };
  const edited = options.openText?.(fsPath);
  if (edited !== undefined) return checkText(edited, max);
  const handle = await open(real, OPEN_FLAGS);
  try {
    const now = await handle.stat();
    if (now.ino !== st.ino || now.dev !== st.dev) return { skip: 'changed while it was read' };
    const again = kindProblem(now) ?? sizeProblem(now.size, max);
    if (again) return { skip: again };
    return decodeSource(await readBounded(handle, now.size, max), max);
  } finally {
    await handle.close();
  }
}

/** One requested path (relative, absolute or file URI) → a source labelled by its display path, or why not. */
export async function readSourceFile(raw: string, roots: SourceRoots, options: ReadOptions = {}): Promise<SourceRead> {
  return readResolved(raw, resolveSourcePath(raw, roots), roots, options);
}

async function readResolved(raw: string, where: ResolvedPath, roots: SourceRoots, options: ReadOptions): Promise<SourceRead> {
  if ('refused' in where) return { skipped: { label: raw, reason: where.refused } };
  const read = await readConfinedFile(where.fsPath, roots, options);
  return 'skip' in read ? { skipped: { label: where.display, reason: read.skip } } : { source: { path: where.display, text: read.text } };
}

/** Every requested path, in order; the same file asked for twice is read once. */
export async function readSourceFiles(
  raws: readonly string[],
  roots: SourceRoots,
  options: ReadOptions = {},
): Promise<{ sources: FileInput[]; skipped: Skipped[] }> {
  const sources: FileInput[] = [];
  const skipped: Skipped[] = [];
  for (const raw of raws) {
    throwIfAborted(options.signal);
    const where = resolveSourcePath(raw, roots);
    if (!('refused' in where) && sources.some((s) => s.path === where.display)) continue;
    const read = await readResolved(raw, where, roots, options);
    if ('skipped' in read) skipped.push(read.skipped);
    else sources.push(read.source);
  }
  return { sources, skipped };
}
