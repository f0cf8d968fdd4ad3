/**
 * MCP tool `compress_files`: files under the server's root read by the shared source rules (core/sources: real
 * paths confined to the root, 2 MB per file), compressed to one shared budget, returned as the #tersify tool does.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Engine } from '../../core/engine';
import { outcomes, readSourceFiles, skippedItem, sourcesResultText, type SourceRoots } from '../../core/sources';
import type { CompressOptions } from '../../core/types';
import { budgetShape, failure, type ToolResult } from './common';

export function registerCompressFiles(server: McpServer, engine: Engine, defaults: CompressOptions, roots: SourceRoots): void {
  const root = roots.folders[0].fsPath;
  server.registerTool(
    'compress_files',
    {
      title: 'Compress files',
      description:
        `Read files (paths relative to ${root}) and compress them to one shared token budget, ` +
        'each with its own language; returns them under "## path" headers plus a savings line.',
      inputSchema: {
        paths: z.array(z.string()).min(1).describe('File paths, relative to the server root.'),
        ...budgetShape,
      },
    },
    async (args): Promise<ToolResult> => {
      try {
        const { sources, skipped } = await readSourceFiles(args.paths, roots);
        if (sources.length === 0) {
          const text = sourcesResultText({ text: '', files: 0, before: 0, after: 0, skipped });
          return { content: [{ type: 'text', text }], isError: true, structuredContent: { skipped: skipped.map(skippedItem) } };
        }
        const { paths: _paths, ...opts } = args;
        const r = await engine.compressFiles(sources, { ...defaults, ...(opts as CompressOptions) });
        const { done, failed } = outcomes(r);
        skipped.push(...failed);
        const text = sourcesResultText({ text: r.text, files: done, before: r.originalTokens, after: r.compressedTokens, skipped });
        return {
          content: [{ type: 'text', text }],
          ...(done === 0 ? { isError: true } : {}),
          structuredContent: { originalTokens: r.originalTokens, compressedTokens: r.compressedTokens, summary: r.summary, skipped: skipped.map(skippedItem) },
        };
      } catch (e) {
        return failure(e);
      }
    },
  );
}
