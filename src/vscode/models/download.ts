/**
 * Downloads model files over HTTP(S) with resume (HTTP Range), size + SHA-256 verification and an atomic
 * rename into place. No vscode import: tested against a local HTTP server. Touches the network only when called.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { dirname } from 'node:path';

export type DownloadErrorCode = 'network' | 'http' | 'size' | 'hash' | 'cancelled' | 'redirects' | 'insecure';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface FileSpec {
  url: string;
  /** Final path; the data goes to `${dest}.part` until it is verified. */
  dest: string;
  /** Expected size in bytes; when unknown, the server's `X-Linked-Size` or `Content-Length` is used. */
  size?: number;
  /** Expected lowercase hex SHA-256; when unknown, the server's `X-Linked-Etag` (Hugging Face LFS) is used if it is one. */
  sha256?: string;
  /** The most bytes accepted, whatever the server announces (default MAX_FILE_BYTES); checked while receiving. */
  maxBytes?: number;
}

/** No model file is larger: the largest catalogue model is ~2.3 GB. */
export const MAX_FILE_BYTES = 4 * 1024 ** 3;

export interface DownloadProgress {
  /** Bytes on disk for this file (including resumed ones). */
  received: number;
  /** Total bytes when known. */
  total?: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Keep the partial file on failure so a later call resumes (default true); hash failures always delete it. */
  keepPartial?: boolean;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface DownloadedFile {
  path: string;
  size: number;
  sha256: string;
  /** Where the expected hash came from. */
  verifiedBy: 'spec' | 'server' | 'none';
  resumed: boolean;
}

const MAX_REDIRECTS = 5;

function partPath(dest: string): string {
  return `${dest}.part`;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as NodeJS.ArrayBufferView);
  return hash.digest('hex');
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses a SHA-256 from an (optionally quoted, optionally weak) ETag-like header. */
export function sha256FromEtag(value: string | undefined): string | undefined {
  const m = value?.trim().match(/^(?:W\/)?"?([0-9a-fA-F]{64})"?$/);
  return m ? m[1].toLowerCase() : undefined;
}

/** Where a redirect from `from` goes; never from https to anything else (a downgrade could swap the file). */
export function redirectTarget(from: URL, location: string): URL {
  const next = new URL(location, from);
  if (from.protocol === 'https:' && next.protocol !== 'https:') {
    throw new DownloadError('insecure', `refused a redirect from https to ${next.protocol.replace(':', '')} (${next.origin})`);
  }
  return next;
}

function get(url: string, headers: Record<string, string>, signal: AbortSignal | undefined, timeoutMs: number, redirects = 0): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new DownloadError('network', `invalid URL: ${url}`));
      return;
    }
    const lib = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!lib) {
      reject(new DownloadError('network', `unsupported protocol in ${url}`));
      return;
    }
    const req = lib.get(parsed, { headers, signal, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      const location = header(res, 'location');
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) {
          reject(new DownloadError('redirects', `too many redirects for ${url}`));
          return;
        }
        let next: URL;
        try {
          next = redirectTarget(parsed, location);
        } catch (e) {
          reject(e);
          return;
        }
        // Keep the Range header; drop nothing else we set.
        get(next.toString(), headers, signal, timeoutMs, redirects + 1).then(resolve, reject);
        return;
      }
      resolve(res);
    });
    req.on('timeout', () => req.destroy(new DownloadError('network', `no answer from ${parsed.host} in ${timeoutMs / 1000} s`)));
    req.on('error', (error) =>
      reject(signal?.aborted ? cancelled() : error instanceof DownloadError ? error : new DownloadError('network', `${parsed.host}: ${error.message}`)),
    );
  });
}

function cancelled(): DownloadError {
  return new DownloadError('cancelled', 'download was cancelled');
}

/**
 * Downloads one file. An existing `.part` file is resumed with a Range request (a server that ignores Range
 * restarts it). The file is renamed into place only after its size and SHA-256 match.
 */
export async function downloadFile(spec: FileSpec, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const { signal, onProgress, keepPartial = true, timeoutMs = 30_000 } = options;
  if (signal?.aborted) throw cancelled();
  const part = partPath(spec.dest);
  await mkdir(dirname(spec.dest), { recursive: true });
  let offset = await sizeOf(part);
  if (spec.size !== undefined && offset > spec.size) {
    await rm(part, { force: true });
    offset = 0;
  }
  const headers: Record<string, string> = { 'user-agent': 'tersify-vscode', ...(options.headers ?? {}) };
  if (offset > 0) headers.range = `bytes=${offset}-`;

  let res: IncomingMessage;
  try {
    res = await get(spec.url, headers, signal, timeoutMs);
  } catch (error) {
    throw signal?.aborted ? cancelled() : error;
  }
  const status = res.statusCode ?? 0;
  let resumed = false;
  if (status === 206 && offset > 0) resumed = true;
  else if (status === 416 && offset > 0 && spec.size !== undefined && offset === spec.size) {
    res.resume();
    resumed = true; // already complete
  } else if (status === 200)
    offset = 0; // no range support: start over
  else {
    res.resume();
    if (status === 416) await rm(part, { force: true });
    throw new DownloadError('http', `HTTP ${status} for ${spec.url}`);
  }

  const serverSize = Number(header(res, 'x-linked-size') ?? NaN);
  const contentLength = Number(header(res, 'content-length') ?? NaN);
  const total = spec.size ?? (Number.isFinite(serverSize) ? serverSize : status === 200 && Number.isFinite(contentLength) ? contentLength : undefined);
  const serverHash = sha256FromEtag(header(res, 'x-linked-etag')) ?? sha256FromEtag(header(res, 'x-sha256'));
  const expectedHash = spec.sha256?.toLowerCase() ?? serverHash;
  const cap = Math.min(spec.maxBytes ?? MAX_FILE_BYTES, spec.size ?? Number.POSITIVE_INFINITY);
  if (total !== undefined && total > cap) {
    res.resume();
    throw new DownloadError('size', `${spec.url} is ${total} bytes, more than the ${cap} allowed`);
  }

  if (status !== 416) {
    let received = offset;
    onProgress?.({ received, total });
    const out = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        let writeError: Error | undefined;
        // Every way out first closes the file (flushing what was received, so that a later call resumes from
        // it and the caller's cleanup sees the final file), then settles. Writes never follow a destroy.
        const settle = (error?: Error) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (error) res.destroy();
          const done = () => {
            const e = error ?? writeError;
            if (e) reject(signal?.aborted ? cancelled() : e);
            else resolve();
          };
          if (out.closed) done();
          else {
            out.once('close', done);
            if (!out.destroyed) out.end();
          }
        };
        const onAbort = () => settle(cancelled());
        signal?.addEventListener('abort', onAbort, { once: true });
        out.on('error', (error) => {
          writeError ??= error;
          settle(error);
        });
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > cap) {
            settle(new DownloadError('size', `${spec.url} sent more than the ${cap} bytes allowed`));
            return;
          }
          if (!out.write(chunk)) {
            res.pause();
            out.once('drain', () => res.resume());
          }
          onProgress?.({ received, total });
        });
        res.on('aborted', () => settle(new DownloadError('network', `connection closed early (${received} bytes)`)));
        res.on('error', (error) => settle(signal?.aborted ? cancelled() : new DownloadError('network', error.message)));
        res.on('end', () => settle(res.complete ? undefined : new DownloadError('network', `connection closed early (${received} bytes)`)));
      });
    } catch (error) {
      if (!keepPartial || (error instanceof DownloadError && error.code === 'size')) await rm(part, { force: true });
      throw error;
    }
  }

  const size = await sizeOf(part);
  if (total !== undefined && size !== total) {
    if (size > total || !keepPartial) await rm(part, { force: true });
    throw new DownloadError('size', `size mismatch for ${spec.url}: expected ${total} bytes, got ${size}`);
  }
  const sha256 = await sha256File(part);
  if (expectedHash && sha256 !== expectedHash) {
    await rm(part, { force: true });
    throw new DownloadError('hash', `SHA-256 mismatch for ${spec.url}: expected ${expectedHash}, got ${sha256}; the file was deleted`);
  }
  await rename(part, spec.dest);
  return { path: spec.dest, size, sha256, verifiedBy: spec.sha256 ? 'spec' : serverHash ? 'server' : 'none', resumed };
}

/**
 * Puts `staging` in the place of `finalDir` so that a model folder is always whole: the old folder is renamed
 * aside, the new one renamed in, and only then the old one deleted (on a failed rename the old one is put back).
 */
export async function swapFolder(staging: string, finalDir: string): Promise<void> {
  const aside = `${finalDir}.old-${process.pid}-${Date.now()}`;
  let moved = false;
  try {
    await rename(finalDir, aside);
    moved = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    await rename(staging, finalDir);
  } catch (e) {
    if (moved) await rename(aside, finalDir);
    throw e;
  }
  if (moved) await rm(aside, { recursive: true, force: true });
}

/** Downloads several files into `finalDir` atomically: into `${finalDir}.download` first, then one rename. */
export async function downloadAll(
  files: readonly Omit<FileSpec, 'dest'>[],
  names: readonly string[],
  finalDir: string,
  options: DownloadOptions & { onFile?: (index: number, name: string) => void } = {},
): Promise<DownloadedFile[]> {
  const staging = `${finalDir}.download`;
  const done: DownloadedFile[] = [];
  for (let i = 0; i < files.length; i++) {
    options.onFile?.(i, names[i]);
    done.push(await downloadFile({ ...files[i], dest: `${staging}/${names[i]}` }, options));
  }
  await swapFolder(staging, finalDir);
  return done.map((f) => ({ ...f, path: f.path.replace(staging, finalDir) }));
}

/** Errors that mean "no network" (DNS, refused, unreachable, timeouts) rather than a server problem. */
const OFFLINE = /ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNREFUSED|ECONNRESET|ETIMEDOUT|no answer from/;

/**
 * What the download command says when a download fails on the network. `keptBytes`: what earlier attempts and this
 * one left on disk (a later run resumes from there). Offline with nothing downloaded, it says so plainly.
 */
export function networkFailureMessage(error: DownloadError, keptBytes: number, modelLabel: string): string {
  const offline = OFFLINE.test(error.message);
  if (keptBytes <= 0) {
    return offline
      ? `Tersify: cannot reach huggingface.co (no network connection?). Nothing was downloaded; the bundled model keeps working. Try again when you are online.`
      : `Tersify: downloading ${modelLabel} failed (${error.message}). Nothing was downloaded; the bundled model keeps working.`;
  }
  const mb = (keptBytes / 1048576).toFixed(1);
  return `Tersify: the download of ${modelLabel} stopped (${offline ? 'the network is unreachable' : error.message}); ${mb} MB are kept and running the command again resumes it. The bundled model keeps working.`;
}
