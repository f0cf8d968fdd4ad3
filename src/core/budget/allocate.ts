/**
 * The one budget allocator: shares a budget among the pieces of one request (the fenced segments of an input,
 * the files of compressFiles, the sources of packContext). Fixed pieces (fence lines, `## path` headers) are
 * reserved first; the others share the rest in proportion to their size, rounding leftovers going to the largest.
 * Two rounds: a piece that needs more than its share (forced content) keeps what it needs, the others share the rest.
 * A piece's floor (a prose piece's protected facts) raises a smaller share when the budget allows.
 */

export interface Claim {
  /** The piece's tokens as it is. */
  tokens: number;
  /** Passes through unchanged: its tokens are reserved and it is never run. */
  fixed?: boolean;
  /**
   * Tokens the piece should get when the budget allows (prose: its protected facts): a proportional share below it
   * is raised to it, and the other pieces share the rest.
   */
  floor?: number;
}

/** One round of shares; `kept[i] >= 0` pins piece i at that many tokens (it needed more than its share). */
export function allocate(claims: readonly Claim[], budget: number, kept: readonly number[] = []): number[] {
  const shares = proportional(claims, budget, kept);
  const pins = claims.map((c, i) => {
    const k = kept[i] ?? -1;
    if (c.fixed || k >= 0 || !c.floor) return k;
    const floor = Math.min(c.floor, c.tokens);
    return shares[i] < floor ? floor : -1;
  });
  if (pins.every((p, i) => p === (kept[i] ?? -1))) return shares;
  const reserved = claims.reduce((a, c, i) => a + (c.fixed ? c.tokens : Math.max(0, pins[i])), 0);
  return reserved <= budget ? proportional(claims, budget, pins) : shares;
}

function proportional(claims: readonly Claim[], budget: number, kept: readonly number[]): number[] {
  const pin = (i: number) => kept[i] ?? -1;
  const open = claims.map((c, i) => (c.fixed || pin(i) >= 0 ? 0 : c.tokens));
  const openTotal = open.reduce((a, b) => a + b, 0);
  const reserved = claims.reduce((a, c, i) => a + (c.fixed ? c.tokens : Math.max(0, pin(i))), 0);
  const spare = Math.max(0, budget - reserved);
  const shares = claims.map((c, i) => {
    if (c.fixed) return c.tokens;
    if (pin(i) >= 0) return pin(i);
    return openTotal === 0 ? 0 : Math.floor((spare * open[i]) / openTotal);
  });
  // hand out rounding leftovers to the largest open pieces
  let left = spare - shares.reduce((a, s, i) => a + (open[i] > 0 ? s : 0), 0);
  const order = open
    .map((t, i) => [t, i])
    .filter(([t]) => t > 0)
    .sort((a, b) => b[0] - a[0]);
  for (let j = 0; left > 0 && order.length > 0; j = (j + 1) % order.length, left--) shares[order[j][1]]++;
  return shares.map((s, i) => (claims[i].fixed ? s : Math.min(s, claims[i].tokens)));
}

export interface Shared<T> {
  shares: number[];
  /** What `run` returned for each piece; undefined for fixed pieces. */
  outputs: (T | undefined)[];
}

/**
 * Runs every open piece at its share (in order), then, when one ended above its share, once more with it pinned.
 * When the pieces together fall more than 5% under the budget, a piece that stayed under its share (whole lines
 * could not use it) keeps its output and what it left goes to the others, in one more round.
 * A piece whose share did not change keeps its first output (the engines are deterministic).
 */
export async function shareBudget<T>(
  claims: readonly Claim[],
  budget: number,
  run: (i: number, share: number) => Promise<T>,
  tokensOf: (output: T) => number,
): Promise<Shared<T>> {
  const kept = claims.map(() => -1);
  const done: (T | undefined)[] = claims.map(() => undefined); // outputs of pieces pinned under their share
  let last: Shared<T> = { shares: [], outputs: [] };
  let underPass = false;
  for (let round = 0; round < 3; round++) {
    const shares = allocate(claims, budget, kept);
    const outputs: (T | undefined)[] = [];
    for (let i = 0; i < claims.length; i++) {
      if (claims[i].fixed) outputs.push(undefined);
      else if (done[i] !== undefined) outputs.push(done[i]);
      else outputs.push(round > 0 && shares[i] === last.shares[i] ? last.outputs[i] : await run(i, shares[i]));
    }
    last = { shares, outputs };
    let changed = false;
    outputs.forEach((o, i) => {
      if (o !== undefined && kept[i] < 0 && tokensOf(o) > shares[i]) {
        kept[i] = tokensOf(o);
        changed = true;
      }
    });
    if (!changed && !underPass && claims.length > 1) {
      const used = outputs.reduce((a: number, o, i) => a + (o === undefined ? claims[i].tokens : tokensOf(o)), 0);
      const open = outputs.filter((o, i) => o !== undefined && kept[i] < 0 && tokensOf(o) >= shares[i] * 0.95).length;
      if (used < Math.floor(budget * 0.95) && open > 0) {
        underPass = true;
        outputs.forEach((o, i) => {
          if (o !== undefined && kept[i] < 0 && tokensOf(o) < shares[i] * 0.95) {
            kept[i] = tokensOf(o);
            done[i] = o;
            changed = true;
          }
        });
      }
    }
    if (!changed || claims.length === 1) break;
  }
  return last;
}
