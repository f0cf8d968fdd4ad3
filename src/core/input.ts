/** Turning user bytes into text we can compress, with clear errors for what we cannot. */
import { TersifyError } from './errors';

/** Inputs larger than this are refused (characters of a string; bytes while reading a file or stdin). */
export const MAX_INPUT_CHARS = 32 * 1024 * 1024;

/** How much of the start is checked for control characters. */
const SNIFF = 8192;

/** True for data that is not text: a NUL anywhere, or many control characters in the first 8 KB. */
export function looksBinary(data: Uint8Array | string): boolean {
  if (typeof data === 'string' ? data.includes('\u0000') : data.includes(0)) return true;
  const n = Math.min(data.length, SNIFF);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = typeof data === 'string' ? data.charCodeAt(i) : data[i];
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** The encoding a UTF-16 byte-order mark announces. */
function utf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

export interface DecodedInput {
  text: string;
  /** Set when the bytes were not valid UTF-8 and replacement characters were used. */
  warning?: string;
}

const BINARY = 'binary input: Tersify compresses text and source code only';

/**
 * Bytes → text: UTF-16 with a byte-order mark, else UTF-8 (BOM stripped); binary data is refused, invalid
 * sequences become U+FFFD with a warning. The size is not checked here (see checkTextInput, sources/text.ts).
 */
export function decodeBytes(bytes: Uint8Array): DecodedInput {
  const wide = utf16(bytes);
  let text: string;
  let warning: string | undefined;
  if (wide) {
    text = new TextDecoder(wide).decode(bytes);
  } else {
    if (looksBinary(bytes)) throw new TersifyError('binary', BINARY);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('utf-8').decode(bytes);
      warning = 'input is not valid UTF-8; invalid bytes were replaced with U+FFFD';
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (wide && looksBinary(text)) throw new TersifyError('binary', BINARY);
  return { text, warning };
}

/** Decodes a file's or stdin's bytes (decodeBytes) and checks the text like any input. */
export function decodeInput(bytes: Uint8Array): DecodedInput {
  const decoded = decodeBytes(bytes);
  checkTextInput(decoded.text);
  return decoded;
}

function tooLarge(what: string, limit: string): TersifyError {
  return new TersifyError('too-large', `input is too large (${what}; the limit is ${limit})`);
}

/**
 * Reads a stream (stdin, a file, a FIFO, a device) but never more than `max` bytes: a longer or endless stream is
 * refused as too large as soon as it passes the limit, and data that is binary from its first 8 KB is refused early.
 */
export async function readLimited(stream: AsyncIterable<Uint8Array | string>, max = MAX_INPUT_CHARS): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  let sniffed = false;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buf.length;
    if (total > max) {
      const mb = `${+(max / 1048576).toFixed(1)} MB`;
      throw tooLarge(`more than ${mb}`, mb);
    }
    chunks.push(buf);
    if (!sniffed && total >= SNIFF) {
      sniffed = true;
      const head = Buffer.concat(chunks).subarray(0, SNIFF);
      if (!utf16(head) && looksBinary(head)) throw new TersifyError('binary', BINARY);
    }
  }
  return Buffer.concat(chunks, total);
}

/** Validates a string input (from the editor or the library API). */
export function checkTextInput(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new TersifyError('usage', 'input must be a string');
  if (text.length > MAX_INPUT_CHARS) {
    throw tooLarge(`${(text.length / 1048576).toFixed(1)} M characters`, `${MAX_INPUT_CHARS / 1048576} M`);
  }
  if (looksBinary(text)) throw new TersifyError('binary', BINARY);
  // Deleting the text between two lone halves would glue them into a character the input never had.
  const lone = LONE_SURROGATE.exec(text);
  if (lone) throw new TersifyError('usage', `input is not valid Unicode: an unpaired UTF-16 surrogate at character ${lone.index}`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
