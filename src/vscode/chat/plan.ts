/**
 * The @tersify chat participant's rules, without vscode: what a request asks for (/compress, /budget N),
 * which source each reference becomes, the question, and the text shown to the user (the budget: core requestBudget).
 * participant.ts applies them with the real chat API.
 */
import { parseBudgetPrompt } from '../../core/format';
import { savingsSummary } from '../../core/savings';
import { sourceLabel, type LineRange } from '../../core/sources';

import { PARTICIPANT_COMMANDS } from '../ids';

export { PARTICIPANT_ID } from '../ids';
export const COMMAND_COMPRESS = PARTICIPANT_COMMANDS.compress;
export const COMMAND_BUDGET = PARTICIPANT_COMMANDS.budget;

/** What the user asked for. `problem`: answer with this text and do nothing else. */
export interface ChatPlan {
  /** Send the packed context and the question to the model (false for /compress). */
  send: boolean;
  question: string;
  targetTokens?: number;
  problem?: string;
}

export const USAGE_BUDGET = 'Usage: `@tersify /budget 2000 why is checkout slow?` (the number is the context budget in tokens).';
export const USAGE_QUESTION =
  'Ask a question about the attached context, e.g. `@tersify #file:src/cart.ts why is the total wrong?`, or use `/compress` to only see the compressed context.';

export function planChatRequest(command: string | undefined, prompt: string): ChatPlan {
  if (command === COMMAND_COMPRESS) return { send: false, question: prompt.trim() };
  if (command === COMMAND_BUDGET) {
    const { targetTokens, question } = parseBudgetPrompt(prompt);
    if (targetTokens === undefined) return { send: true, question, problem: USAGE_BUDGET };
    return { send: true, question, targetTokens, problem: question ? undefined : USAGE_QUESTION };
  }
  const question = prompt.trim();
  return { send: true, question, problem: question ? undefined : USAGE_QUESTION };
}

/** A chat reference as the participant reads it (U: the Uri type, vscode.Uri in the extension). */
export type ReferencePlan<U> =
  | { kind: 'file'; uri: U; label: string }
  | { kind: 'range'; uri: U; range: LineRange; label: string }
  | { kind: 'text'; text: string; label: string }
  | { kind: 'unsupported'; label: string };

interface UriLike {
  scheme: string;
  path: string;
}

function isUri(v: unknown): v is UriLike {
  return typeof v === 'object' && v !== null && typeof (v as UriLike).scheme === 'string' && typeof (v as UriLike).path === 'string';
}

function isLocation(v: unknown): v is { uri: UriLike; range: LineRange } {
  const r = (v as { range?: LineRange } | null)?.range;
  return typeof v === 'object' && v !== null && isUri((v as { uri?: unknown }).uri) && typeof r?.start?.line === 'number' && typeof r?.end?.line === 'number';
}

/** "#file" → the file; "#selection" / an attached location → that range; a string value → that text. */
export function planReference<U extends UriLike>(ref: { id: string; value: unknown; modelDescription?: string }, pathOf: (uri: U) => string): ReferencePlan<U> {
  const v = ref.value;
  if (isLocation(v)) {
    const path = pathOf(v.uri as U);
    const empty = v.range.start.line === v.range.end.line && v.range.start.character === v.range.end.character;
    return empty ? { kind: 'file', uri: v.uri as U, label: path } : { kind: 'range', uri: v.uri as U, range: v.range, label: sourceLabel(path, v.range) };
  }
  if (isUri(v)) return { kind: 'file', uri: v as U, label: pathOf(v as U) };
  const label = ref.modelDescription?.trim() || ref.id;
  if (typeof v === 'string') return { kind: 'text', text: v, label };
  return { kind: 'unsupported', label };
}

/**
 * The question without the reference markers typed into it: "#file:src/a.ts why?" → "src/a.ts why?".
 * Each marker becomes its source's header label, so the model can match the question to the context.
 */
export function questionText(prompt: string, refs: readonly { range?: [number, number]; label: string }[]): string {
  const marked = refs.filter((r): r is { range: [number, number]; label: string } => !!r.range).sort((a, b) => b.range[0] - a.range[0]);
  let out = prompt;
  for (const r of marked) {
    const [a, b] = r.range;
    if (a < 0 || b > out.length || a > b) continue;
    out = out.slice(0, a) + r.label + out.slice(b);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The line shown before the answer: "Context: 12,400 → 4,100 tokens (−67%)". */
export function contextSummary(before: number, after: number): string {
  return savingsSummary('Context', before, after);
}

/** "**Context: 12,400 → 4,100 tokens (−67%)** · 2 references · counted by GPT-4o" and skipped/limit notes. */
export function contextHeader(o: {
  before: number;
  after: number;
  sources: number;
  countedBy: string;
  budget: number;
  skipped?: string;
  selectionFallback?: string;
}): string {
  const parts = [
    `**${contextSummary(o.before, o.after)}**`,
    `${o.sources} reference${o.sources === 1 ? '' : 's'}`,
    `budget ${o.budget.toLocaleString('en-US')}`,
    `counted by ${o.countedBy}`,
  ];
  const lines = [parts.join(' · ')];
  if (o.selectionFallback) lines.push(`_No reference was attached; using the selection in ${o.selectionFallback}._`);
  if (o.skipped) lines.push(`_${o.skipped}_`);
  return `${lines.join('\n\n')}\n\n`;
}

export const NO_CONTEXT_NOTE =
  '_No context was attached (add `#file`, `#selection` or drag files into the chat), so nothing was compressed; answering from the question alone._\n\n';
export const NOTHING_TO_COMPRESS =
  'Nothing to compress: attach context with `#file`, `#selection` or by dragging files into the chat, e.g. `@tersify /compress #file:src/cart.ts`.';

/** Friendly markdown for a vscode.LanguageModelError (by its code) or another failure of the model. */
export function modelErrorMarkdown(code: string | undefined, message: string): string {
  switch (code) {
    case 'NoPermissions':
      return '**The language model refused the request:** Tersify is not allowed to use it. Allow Tersify when VS Code asks (or under *Manage Language Model Access*), then ask again.';
    case 'Blocked':
      return `**The language model blocked the request** (quota or rate limit?). Try again later or pick another model.${message ? `\n\n> ${message}` : ''}`;
    case 'NotFound':
      return '**The selected language model is not available.** Pick another model in the chat view and ask again.';
    default:
      return `**The language model failed:** ${message || 'unknown error'}. The compressed context is above; try again or pick another model.`;
  }
}

export const NO_MODEL =
  '**No language model is available.** Sign in to a chat model provider (e.g. GitHub Copilot) or pick a model in the chat view; `/compress` works without one.';

/** "@tersify: why is the total wrong?" (history titles). */
export function chatTitle(plan: ChatPlan, sources: number): string {
  const q = plan.question.length > 60 ? `${plan.question.slice(0, 59)}…` : plan.question;
  if (!plan.send) return `@tersify /compress: ${sources} reference${sources === 1 ? '' : 's'}`;
  return `@tersify: ${q || `${sources} references`}`;
}
