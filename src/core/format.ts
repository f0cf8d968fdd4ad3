/**
 * Text the front ends show or send: savings lines, file blocks, the assistant prompt. Pure and light
 * (no tokenizer, no parser), so the extension host can use it without loading the engine.
 */
import { resolveLanguage } from './code/languages';

function fenceFor(text: string): string {
  let longest = 2;
  for (const m of text.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(longest + 1);
}

/** A file under a `## path` header, fenced with its language and a fence longer than any inside it. */
export function renderFileBlock(path: string, body: string): string {
  const lang = resolveLanguage({ filename: path }).id ?? '';
  const fence = fenceFor(body);
  return `## ${path}\n${fence}${lang}\n${body.replace(/\s+$/, '')}\n${fence}\n`;
}

/** The prompt sent to the model: compressed context first, then the question. */
export function contextPrompt(question: string, packed: { text: string }): string {
  return [
    'Answer the question using the context below. The context was compressed by deleting less important',
    'tokens; `⋯` marks elided code. Say so when the context does not contain the answer.',
    '',
    packed.text,
    '',
    `Question: ${question}`,
  ].join('\n');
}

/** "/budget 2000 why is it slow" or a leading "2000 why…" after the /budget command. */
export function parseBudgetPrompt(prompt: string): { targetTokens?: number; question: string } {
  const m = /^\s*(\d[\d_,]*)\s*(?:tokens?\b)?\s*/i.exec(prompt);
  if (!m) return { question: prompt.trim() };
  const n = Number(m[1].replace(/[_,]/g, ''));
  return Number.isInteger(n) && n > 0 ? { targetTokens: n, question: prompt.slice(m[0].length).trim() } : { question: prompt.trim() };
}
