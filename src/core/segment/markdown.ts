/** Splits Markdown/chat text into prose and fenced code blocks, with offsets into the input. */

export interface RawSegment {
  kind: 'prose' | 'code' | 'fence';
  start: number;
  end: number;
  /** The fence's info string (first word), for code segments. */
  tag?: string;
}

/** A backtick fence's info string holds no backtick ("```js" opens a block; "```x``` in prose" is inline code). */
const FENCE_OPEN = /^( {0,3})(?:(`{3,})(?=[^`]*$)|(~{3,}))[ \t]*([^`\s]*)[^\n]*$/;

/** Lines with their offsets; each line includes its terminating newline. */
function lines(text: string): { start: number; end: number; body: string }[] {
  const out: { start: number; end: number; body: string }[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    out.push({ start, end, body: text.slice(start, nl === -1 ? end : nl).replace(/\r$/, '') });
    start = end;
  }
  return out;
}

export function splitFencedBlocks(text: string): RawSegment[] {
  const segments: RawSegment[] = [];
  const push = (seg: RawSegment) => {
    if (seg.end <= seg.start) return;
    const last = segments[segments.length - 1];
    if (last && last.kind === 'prose' && seg.kind === 'prose') last.end = seg.end;
    else segments.push(seg);
  };
  const all = lines(text);
  let i = 0;
  while (i < all.length) {
    const open = FENCE_OPEN.exec(all[i].body);
    if (!open) {
      push({ kind: 'prose', start: all[i].start, end: all[i].end });
      i++;
      continue;
    }
    const fence = open[2] ?? open[3];
    const closeRe = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < all.length && !closeRe.test(all[j].body)) j++;
    push({ kind: 'fence', start: all[i].start, end: all[i].end });
    const bodyEnd = j < all.length ? all[j].start : text.length;
    if (bodyEnd > all[i].end) push({ kind: 'code', start: all[i].end, end: bodyEnd, tag: open[4] || undefined });
    if (j < all.length) push({ kind: 'fence', start: all[j].start, end: all[j].end });
    i = j + 1;
  }
  return segments;
}
