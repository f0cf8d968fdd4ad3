/**
 * The MCP server's stdio transport: one JSON-RPC message a line, each line at most MAX_MESSAGE_BYTES. Every line
 * is answered: malformed JSON gets a parse error (-32700), a line that is not a JSON-RPC message or is too large an
 * invalid-request error (-32600); the transport closes when stdin ends.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { MAX_INPUT_CHARS } from '../../core/input';
import { boundedLines } from '../lines';

/** The largest message: the input limit (compress_text's text) plus room for the JSON-RPC envelope. */
export const MAX_MESSAGE_BYTES = MAX_INPUT_CHARS + 64 * 1024;

type Id = string | number | null;

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream & AsyncIterable<Uint8Array | string>,
    private readonly output: NodeJS.WritableStream,
    private readonly max = MAX_MESSAGE_BYTES,
  ) {}

  async start(): Promise<void> {
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      for await (const item of boundedLines(this.input, this.max)) {
        if (this.closed) break;
        if ('tooLong' in item) {
          await this.fail(null, ErrorCode.InvalidRequest, `message too large (${item.tooLong} bytes; the limit is ${this.max} bytes)`);
          continue;
        }
        if (item.line.trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(item.line);
        } catch {
          await this.fail(null, ErrorCode.ParseError, 'Parse error: the message is not valid JSON');
          continue;
        }
        const message = JSONRPCMessageSchema.safeParse(parsed);
        if (!message.success) {
          const id = (parsed as { id?: unknown } | null)?.id;
          await this.fail(
            typeof id === 'string' || typeof id === 'number' ? id : null,
            ErrorCode.InvalidRequest,
            'Invalid Request: not a JSON-RPC 2.0 message',
          );
          continue;
        }
        this.onmessage?.(message.data);
      }
    } catch (e) {
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
    }
    await this.close();
  }

  private fail(id: Id, code: number, message: string): Promise<void> {
    return this.write({ jsonrpc: '2.0', id, error: { code, message } });
  }

  private write(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      if (this.output.write(JSON.stringify(message) + '\n')) resolve();
      else this.output.once('drain', resolve);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
