/** What the MCP tools share: the budget arguments and the result shape. */
import { z } from 'zod';
import { DEFAULT_RATE, PRESETS, PROTECT_GROUPS, TOKENIZERS } from '../../core/vocabulary';

export const budgetShape = {
  rate: z.number().gt(0).lte(1).optional().describe(`Fraction of tokens to KEEP, in (0, 1]. Default ${DEFAULT_RATE}.`),
  targetTokens: z.number().int().positive().optional().describe('Absolute token budget; with rate, the tighter wins.'),
  question: z.string().optional().describe('Optional question: keeps what is relevant to it.'),
  preset: z
    .enum(PRESETS)
    .optional()
    .describe(`Code removal order (${PRESETS.join(', ')}).`),
  tokenizer: z.enum(TOKENIZERS).optional().describe('Target LLM tokenizer for counting.'),
  protect: z
    .array(z.enum(PROTECT_GROUPS))
    .optional()
    .describe(`Fact groups prose compression ranks above ordinary words (default all: ${PROTECT_GROUPS.join(', ')}; [] for none).`),
};

export type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };

export function failure(e: unknown): ToolResult {
  return { content: [{ type: 'text', text: `tersify: ${e instanceof Error ? e.message : String(e)}` }], isError: true };
}
