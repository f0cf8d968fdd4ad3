/** MCP tool `compress_text`: one text (prose, code or Markdown) to a budget. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Engine } from '../../core/engine';
import { savingsSummary } from '../../core/savings';
import type { CompressOptions } from '../../core/types';
import { MODES } from '../../core/vocabulary';
import { budgetShape, failure, type ToolResult } from './common';

export function registerCompressText(server: McpServer, engine: Engine, defaults: CompressOptions): void {
  server.registerTool(
    'compress_text',
    {
      title: 'Compress text',
      description:
        'Compress prose, code or Markdown with fenced code locally before it is sent to an LLM. ' +
        'Only deletes tokens (the output is a subsequence of the input), to a budget in the target LLM tokens.',
      inputSchema: {
        text: z.string().describe('The text to compress.'),
        ...budgetShape,
        mode: z.enum(MODES).optional().describe('auto (default) routes fenced code to the code compressor.'),
        language: z.string().optional().describe('VS Code language id of code, e.g. typescript, python, java.'),
      },
    },
    async (args): Promise<ToolResult> => {
      try {
        const r = await engine.compress(args.text, { ...defaults, ...(args as CompressOptions) });
        return {
          content: [{ type: 'text', text: r.compressed }],
          structuredContent: {
            originalTokens: r.originalTokens,
            compressedTokens: r.compressedTokens,
            ratio: r.ratio,
            mode: r.mode,
            summary: savingsSummary('tokens', r.originalTokens, r.compressedTokens),
            notes: r.notes,
          },
        };
      } catch (e) {
        return failure(e);
      }
    },
  );
}
