/** Lines of a stream (JSONL requests, MCP messages) with a size limit per line: memory stays bounded. */

export type Line = { line: string } | { tooLong: number };

/**
 * Yields each line (without its \n or \r\n); a line longer than `max` bytes is not kept but reported as
 * `{ tooLong: bytes }` when it ends, so that the reader can answer it and go on.
 */
export async function* boundedLines(stream: AsyncIterable<Uint8Array | string>, max: number): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8');
  let parts: Buffer[] = [];
  let size = 0;
  let dropped = 0; // bytes of the current line already let go (it is over the limit)
  const finish = (): Line => {
    const total = dropped + size;
    const out: Line = total > max ? { tooLong: total } : { line: decoder.decode(Buffer.concat(parts, size)).replace(/\r$/, '') };
    parts = [];
    size = 0;
    dropped = 0;
    return out;
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
      parts.push(buf.subarray(0, nl));
      size += nl;
      yield finish();
      buf = buf.subarray(nl + 1);
    }
    if (buf.length === 0) continue;
    parts.push(buf);
    size += buf.length;
    if (dropped + size > max) {
      dropped += size;
      parts = [];
      size = 0;
    }
  }
  if (size > 0 || dropped > 0) yield finish();
}
