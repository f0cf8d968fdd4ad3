/** The faithfulness contract: compression only deletes lexical tokens (see README "Faithfulness"). */

/** The one character Tersify may add: it marks elided code regions. */
export const ELISION = '\u22EF';

/** Word characters as a character-class body: letters, marks, digits and "_". */
export const WORD_CHARS = '\\p{L}\\p{M}\\p{N}_';

/**
 * A lexical token: a run of word characters, or any other single non-space character. The one
 * definition (the code engine's lexical tokenizer uses it too); a source for `new RegExp(…, 'gu')`,
 * so that each user has its own `lastIndex`.
 */
export const LEXICAL_TOKEN_SOURCE = `[${WORD_CHARS}]+|[^${WORD_CHARS}\\s]`;

/** Matches one word character (no `g` flag: no state, safe to share). */
export const WORD_CHAR = new RegExp(`[${WORD_CHARS}]`, 'u');

const LEXICAL_TOKEN = new RegExp(LEXICAL_TOKEN_SOURCE, 'gu');

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
