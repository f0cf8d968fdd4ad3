/** Turning user bytes into text we can compress, with clear errors for what we cannot. */
import { TersifyError } from './errors';

/** Inputs larger than this are refused (characters). */
export const MAX_INPUT_CHARS = 32 * 1024 * 1024;

/** True for data that is not text: NUL bytes or many control characters in the first 8 KB. */
export function looksBinary(data: Uint8Array | string): boolean {
  const n = Math.min(data.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = typeof data === 'string' ? data.charCodeAt(i) : data[i];
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}

export interface DecodedInput {
  text: string;
  /** Set when the bytes were not valid UTF-8 and replacement characters were used. */
  warning?: string;
}

/** Decodes UTF-8 (BOM stripped); binary data is refused, invalid sequences become U+FFFD with a warning. */
export function decodeInput(bytes: Uint8Array): DecodedInput {
  if (looksBinary(bytes)) throw new TersifyError('binary', 'binary input: Tersify compresses text and source code only');
  let text: string;
  let warning: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    warning = 'input is not valid UTF-8; invalid bytes were replaced with U+FFFD';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkTextInput(text);
  return { text, warning };
}

/** Validates a string input (from the editor or the library API). */
export function checkTextInput(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new TersifyError('usage', 'input must be a string');
  if (text.length > MAX_INPUT_CHARS) {
    throw new TersifyError('too-large', `input is too large (${(text.length / 1048576).toFixed(1)} M characters; the limit is ${MAX_INPUT_CHARS / 1048576} M)`);
  }
  if (looksBinary(text)) throw new TersifyError('binary', 'binary input: Tersify compresses text and source code only');
}
