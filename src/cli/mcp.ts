/** `tersify mcp`: a Model Context Protocol server on stdio exposing the engine as tools. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { compress } from '../core/compress';
import { compressFiles, savingsSummary, type FileInput } from '../core/files';
import { decodeInput } from '../core/input';
import type { CompressOptions } from '../core/types';
import { DEFAULT_RATE, MODES, PRESETS, TOKENIZERS } from '../core/vocabulary';
import { version } from '../../package.json';

const budgetShape = {
  rate: z.number().gt(0).lte(1).optional().describe(`Fraction of tokens to KEEP, in (0, 1]. Default ${DEFAULT_RATE}.`),
  targetTokens: z.number().int().positive().optional().describe('Absolute token budget; with rate, the tighter wins.'),
  question: z.string().optional().describe('Optional question: keeps what is relevant to it.'),
  preset: z.enum(PRESETS).optional().describe(`Code removal order (${PRESETS.join(', ')}).`),
  tokenizer: z.enum(TOKENIZERS).optional().describe('Target LLM tokenizer for counting.'),
};

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };

function failure(e: unknown): ToolResult {
  return { content: [{ type: 'text', text: `tersify: ${e instanceof Error ? e.message : String(e)}` }], isError: true };
}

/** Reads a file for compress_files, refusing paths outside `root`. */
async function readWorkspaceFile(root: string, path: string): Promise<FileInput> {
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${path} is outside the server's root ${root}`);
  return { path: rel, text: decodeInput(await readFile(full)).text };
}

export function createMcpServer(defaults: CompressOptions = {}, root = process.cwd()): McpServer {
  const server = new McpServer({ name: 'tersify', version });

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
        const r = await compress(args.text, { ...defaults, ...(args as CompressOptions) });
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
        const files: FileInput[] = [];
        const skipped: string[] = [];
        for (const p of args.paths) {
          try {
            files.push(await readWorkspaceFile(root, p));
          } catch (e) {
            skipped.push(`${p}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (files.length === 0) return failure(new Error(`no readable files:\n${skipped.join('\n')}`));
        const { paths: _paths, ...opts } = args;
        const r = await compressFiles(files, { ...defaults, ...(opts as CompressOptions) });
        for (const f of r.files) if (f.error) skipped.push(`${f.path}: ${f.error}`);
        const tail = skipped.length ? `\nSkipped:\n${skipped.map((s) => `- ${s}`).join('\n')}` : '';
        return {
          content: [{ type: 'text', text: `${r.text}\n${r.summary}${tail}` }],
          structuredContent: { originalTokens: r.originalTokens, compressedTokens: r.compressedTokens, summary: r.summary, skipped },
        };
      } catch (e) {
        return failure(e);
      }
    },
  );
  return server;
}

export async function runMcpServer(defaults: CompressOptions = {}): Promise<void> {
  const server = createMcpServer(defaults);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
    process.stdin.on('end', () => done());
  });
  await server.connect(transport);
  await closed;
}
