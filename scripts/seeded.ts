/** Deterministic pseudo-random numbers in [0, 1) (xorshift32), so that samples and property tests reproduce exactly. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
