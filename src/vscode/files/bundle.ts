/** Compress Files to Clipboard, minus the editor: one shared budget split by size, Markdown-headed output. */

/** Largest file read for compression (bytes). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Splits `total` tokens across files proportionally to their token counts (largest remainder),
 * never giving a file more than it has nor less than 1 (a file with tokens).
 */
export function allocateBudget(tokens: readonly number[], total: number): number[] {
  const sum = tokens.reduce((a, b) => a + b, 0);
  if (sum === 0) return tokens.map(() => 0);
  const budget = Math.max(0, Math.min(Math.round(total), sum));
  // Every non-empty file first gets one token (when the budget allows), the rest goes by size.
  const floor = tokens.map((t) => (t > 0 ? 1 : 0));
  const floorSum = floor.reduce((a, b) => a + b, 0);
  const base = budget >= floorSum ? floor : tokens.map(() => 0);
  const rest = budget - base.reduce((a, b) => a + b, 0);
  const room = tokens.map((t, i) => t - base[i]);
  const roomSum = room.reduce((a, b) => a + b, 0);
  const exact = room.map((r) => (roomSum > 0 ? (r * rest) / roomSum : 0));
  const out = exact.map((x, i) => base[i] + Math.floor(x));
  let left = budget - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && k < order.length * 2; k++) {
    const i = order[k % order.length][1];
    if (out[i] < tokens[i]) {
      out[i]++;
      left--;
    }
  }
  return out;
}

export interface BundledFile {
  /** Workspace-relative path shown in the header. */
  path: string;
  /** Language id for the fence ('' for none). */
  language: string;
  text: string;
}

/** A fence longer than any backtick run inside `text`. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `## File: path` followed by a fenced block per file. */
export function formatBundle(files: readonly BundledFile[]): string {
  return files
    .map((f) => {
      const fence = fenceFor(f.text);
      const body = f.text.endsWith('\n') ? f.text : `${f.text}\n`;
      return `## File: ${f.path}\n\n${fence}${f.language}\n${body}${fence}\n`;
    })
    .join('\n');
}

/** Markdown fence tags for VS Code language ids that differ. */
const FENCE_TAGS: Record<string, string> = { typescriptreact: 'tsx', javascriptreact: 'jsx', shellscript: 'bash', csharp: 'csharp', plaintext: '' };

export function fenceTag(languageId: string | undefined): string {
  if (!languageId) return '';
  return FENCE_TAGS[languageId] ?? languageId;
}
