/**
 * Savings, computed and written one way for every front end (CLI, MCP, extension, history, CSV, webviews).
 * Pure (no imports), so the webviews bundle it.
 */

/** Input tokens saved (never negative: a compression that grew saves nothing). */
export function tokensSaved(originalTokens: number, compressedTokens: number): number {
  return Math.max(0, originalTokens - compressedTokens);
}

/** Percent of the original saved, unrounded; 0 for an empty original. */
export function percentSaved(originalTokens: number, compressedTokens: number): number {
  return originalTokens > 0 ? (100 * tokensSaved(originalTokens, compressedTokens)) / originalTokens : 0;
}

/** USD saved for `saved` input tokens at `pricePerMillion` USD per million tokens. */
export function moneySaved(saved: number, pricePerMillion: number): number {
  return (Math.max(0, saved) * pricePerMillion) / 1_000_000;
}

/** "1,234" */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `part` as a whole percent of `whole`: "50%"; "0%" when `whole` is 0. */
export function fmtPercent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%';
}

/** The one money rule: "$0.00" for nothing, 4 decimals below a cent ("$0.0085"), else cents ("$1.25"). */
export function fmtMoney(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** "Context: 1,234 → 617 tokens (−50%)" (CLI, MCP, chat, LM tool). */
export function savingsSummary(what: string, before: number, after: number): string {
  return `${what}: ${tokensChange(before, after)}`;
}

/** "1,234 → 617 tokens (−50%)" */
export function tokensChange(before: number, after: number): string {
  return `${fmtInt(before)} → ${fmtInt(after)} tokens (−${fmtPercent(tokensSaved(before, after), before)})`;
}

/** "1,234 → 617 tokens (50% saved, ≈ $0.0015)" (editor notifications). */
export function savingsText(originalTokens: number, compressedTokens: number, pricePerMillion: number): string {
  const saved = tokensSaved(originalTokens, compressedTokens);
  return `${fmtInt(originalTokens)} → ${fmtInt(compressedTokens)} tokens (${fmtPercent(saved, originalTokens)} saved, ≈ ${fmtMoney(moneySaved(saved, pricePerMillion))})`;
}
