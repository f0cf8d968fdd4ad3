/** The faithfulness contract: compression only deletes lexical tokens (see README "Faithfulness"). */

/** The one character Tersify may add: it marks elided code regions. */
export const ELISION = '\u22EF';

const LEXICAL_TOKEN = /[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]/gu;

export function lexicalTokens(text: string): string[] {
  return text.match(LEXICAL_TOKEN) ?? [];
}

/** True when the output's lexical tokens (minus elision marks) are a subsequence of the input's. */
export function isFaithful(input: string, output: string): boolean {
  const source = lexicalTokens(input);
  let i = 0;
  for (const token of lexicalTokens(output)) {
    if (token === ELISION) continue;
    while (i < source.length && source[i] !== token) i++;
    if (i === source.length) return false;
    i++;
  }
  return true;
}
