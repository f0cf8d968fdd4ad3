/** Token classes as small integers (bit positions in a token's type mask). */
import { CODE_TOKEN_TYPES, type CodeTokenType } from '../types';

/**
 * The eleven public token types plus `Punctuation`: the Symbol tokens `;` and `,`, which only
 * format. Spans report Punctuation as Symbol; presets may rank it separately.
 */
export type RemovalClass = CodeTokenType | 'Punctuation';

export const CLASSES: readonly RemovalClass[] = [...CODE_TOKEN_TYPES, 'Punctuation'];
export const N_CLASSES = CLASSES.length;

export const C = Object.fromEntries(CLASSES.map((c, i) => [c, i])) as Record<RemovalClass, number>;

/** Role bits (multi-type): Signature and Invocation are added on top of a token's own kind. */
export const ROLE_MASK = (1 << C.Signature) | (1 << C.Invocation);

export function publicType(cls: number): CodeTokenType {
  return cls === C.Punctuation ? 'Symbol' : (CLASSES[cls] as CodeTokenType);
}

/** All public types in a token mask. */
export function typesOfMask(mask: number): CodeTokenType[] {
  const out: CodeTokenType[] = [];
  for (let i = 0; i < N_CLASSES; i++) {
    if (mask & (1 << i)) {
      const t = publicType(i);
      if (!out.includes(t)) out.push(t);
    }
  }
  return out;
}
