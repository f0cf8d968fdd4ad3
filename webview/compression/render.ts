/** Pure DOM builders of the compression view (no state, no messaging): tested in headless Chromium. */
import type { PanelControls, PanelState } from '../../src/vscode/protocol/panel';
import { resultGranularity } from '../../src/core/code/presets';
import { fmtInt, fmtMoney, fmtPercent, moneySaved, tokensSaved } from '../../src/core/savings';
import type { CompressionResult, Span } from '../../src/core/types';
import { CODE_TOKEN_TYPES, MODES, PRESETS, RATE_MAX, RATE_MIN, type CodeTokenType } from '../../src/core/vocabulary';
import { fmtMs, h } from '../shared/dom';

/** Tokens drawn one by one; beyond this the rest of the original is plain text (keeps the view responsive). */
export const MAX_MARKED_SPANS = 20_000;

const TYPE_LABELS: Record<CodeTokenType, string> = {
  Symbol: 'Symbol',
  Signature: 'Signature',
  Invocation: 'Invocation',
  Identifier: 'Identifier',
  Structure: 'Structure',
  Comment: 'Comment',
  Docstring: 'Docstring',
  Import: 'Import',
  TypeAnnotation: 'Type annotation',
  Literal: 'Literal',
  Other: 'Other',
};

function stat(doc: Document, id: string, label: string, value: string, title?: string): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'stat', title },
    h(doc, 'span', { class: 'stat-label' }, label),
    h(doc, 'span', { class: 'stat-value', 'data-testid': id }, value),
  );
}

/** Counts, savings, cost, time and what ran. */
export function renderStats(doc: Document, r: CompressionResult, pricePerMillionTokens: number): HTMLElement {
  const saved = tokensSaved(r.originalTokens, r.compressedTokens);
  const engine = [r.mode + (r.language ? ` · ${r.language}` : ''), r.provider, r.model ? r.model.split(/[\\/]/).pop() : undefined].filter(Boolean).join(' · ');
  return h(
    doc,
    'section',
    { class: 'stats', 'data-testid': 'stats', 'aria-label': 'Compression statistics' },
    stat(doc, 'stat-original', 'Original', `${fmtInt(r.originalTokens)} tokens`, `Counted with ${r.tokenizer}`),
    stat(doc, 'stat-compressed', 'Compressed', `${fmtInt(r.compressedTokens)} tokens`, `Budget: ${fmtInt(r.budget)} tokens`),
    stat(doc, 'stat-saved', 'Saved', `${fmtPercent(saved, r.originalTokens)} (${fmtInt(saved)})`),
    stat(doc, 'stat-cost', 'Cost saved', fmtMoney(moneySaved(saved, pricePerMillionTokens)), `At $${pricePerMillionTokens} per million input tokens`),
    stat(
      doc,
      'stat-time',
      'Time',
      r.modelRuns === 0 ? `${fmtMs(r.ms)} (scores reused)` : fmtMs(r.ms),
      r.modelRuns === 0 ? 'The model did not run again: the text is unchanged, only the selection was redone' : undefined,
    ),
    stat(doc, 'stat-engine', 'Engine', engine || r.mode, r.model ? `Model: ${r.model}` : undefined),
  );
}

function tokenClass(span: Span): string {
  const cls = ['tok', span.kept ? 'kept' : 'dropped'];
  if (span.type) cls.push(`t-${span.type}`);
  else if (span.p !== undefined) cls.push('heat');
  if (span.fact) cls.push('fact');
  return cls.join(' ');
}

function spanTitle(span: Span): string | undefined {
  const parts: string[] = [span.kept ? 'kept' : 'dropped'];
  if (span.type) parts.push(TYPE_LABELS[span.type] ?? span.type);
  if (span.p !== undefined) parts.push(`keep probability ${span.p.toFixed(2)}`);
  if (span.fact) parts.push(`protected fact (${span.fact})`);
  return parts.join(' · ');
}

/**
 * The original text with every token marked: dropped ones struck and dimmed, prose tokens shaded by keep
 * probability, code tokens coloured by type. Offsets come from `result.spans`; gaps (whitespace) stay text.
 */
export function renderMarkedOriginal(doc: Document, original: string, spans: readonly Span[], testId = 'original-text'): HTMLElement {
  const pre = h(doc, 'pre', { class: 'text marked', 'data-testid': testId });
  let pos = 0;
  const n = Math.min(spans.length, MAX_MARKED_SPANS);
  for (let i = 0; i < n; i++) {
    const span = spans[i];
    if (span.start < pos || span.end < span.start || span.end > original.length) continue; // defensive: skip malformed spans
    if (span.start > pos) pre.appendChild(doc.createTextNode(original.slice(pos, span.start)));
    const el = h(
      doc,
      'span',
      { class: tokenClass(span), title: spanTitle(span), 'data-kept': span.kept ? 'true' : 'false' },
      original.slice(span.start, span.end),
    );
    if (span.p !== undefined && !span.type) el.style.setProperty('--p', String(Math.max(0, Math.min(1, span.p))));
    pre.appendChild(el);
    pos = span.end;
  }
  if (pos < original.length) pre.appendChild(doc.createTextNode(original.slice(pos)));
  return pre;
}

const ELISION = '\u22EF';

/**
 * How many original lines each `⋯` of the compressed text stands for. The compressed text is the kept tokens in
 * order (plus whitespace and marks), so walking both finds the original stretch between the kept tokens around a
 * mark. A mark that cannot be placed gets 0 (then the hover says only that code was elided).
 */
export function elidedLines(original: string, compressed: string, spans: readonly Span[]): number[] {
  const kept = spans.filter((s) => s.kept);
  const out: number[] = [];
  let cpos = 0;
  let si = 0;
  let prevEnd = 0;
  for (let e = compressed.indexOf(ELISION); e >= 0; e = compressed.indexOf(ELISION, e + 1)) {
    while (si < kept.length) {
      const t = original.slice(kept[si].start, kept[si].end);
      const at = compressed.indexOf(t, cpos);
      if (at < 0 || at > e) break;
      cpos = at + t.length;
      prevEnd = kept[si].end;
      si++;
    }
    const nextStart = si < kept.length ? kept[si].start : original.length;
    const gap = original.slice(prevEnd, nextStart).trim();
    out.push(gap ? gap.split('\n').length : 0);
    cpos = e + 1;
  }
  return out;
}

/** The compressed text; each `⋯` (elided code) is marked, with a hover that says how many lines it replaces. */
export function renderCompressed(doc: Document, original: string, r: CompressionResult): HTMLElement {
  const pre = h(doc, 'pre', { class: 'text', 'data-testid': 'compressed-text' });
  const text = r.compressed;
  if (!text.includes(ELISION) || r.spans.length === 0) {
    pre.textContent = text;
    return pre;
  }
  const lines = elidedLines(original, text, r.spans);
  let pos = 0;
  let i = 0;
  for (let e = text.indexOf(ELISION); e >= 0; e = text.indexOf(ELISION, e + 1)) {
    if (e > pos) pre.appendChild(doc.createTextNode(text.slice(pos, e)));
    const n = lines[i++] ?? 0;
    const label = n > 0 ? `${fmtInt(n)} line${n === 1 ? '' : 's'} of code elided` : 'code elided';
    pre.appendChild(h(doc, 'span', { class: 'elision', title: label, 'aria-label': label, 'data-testid': 'elision', 'data-lines': n }, ELISION));
    pos = e + ELISION.length;
  }
  if (pos < text.length) pre.appendChild(doc.createTextNode(text.slice(pos)));
  return pre;
}

export function renderPlain(doc: Document, text: string, testId: string): HTMLElement {
  return h(doc, 'pre', { class: 'text', 'data-testid': testId }, text);
}

/** Legend of what the marks mean (only the kinds present in the result). */
export function renderLegend(doc: Document, spans: readonly Span[], preset?: PanelControls['preset'], notes: readonly string[] = []): HTMLElement {
  const types = new Set<CodeTokenType>();
  let heat = false;
  for (const s of spans) {
    if (s.type) types.add(s.type);
    else if (s.p !== undefined) heat = true;
  }
  const items: HTMLElement[] = [h(doc, 'li', { 'data-testid': 'legend-dropped' }, h(doc, 'span', { class: 'tok dropped swatch-text' }, 'abc'), ' dropped')];
  if (heat) {
    items.push(
      h(
        doc,
        'li',
        { 'data-testid': 'legend-heat' },
        'keep probability ',
        h(doc, 'span', { class: 'heat-scale', 'aria-hidden': 'true' }),
        h(doc, 'span', { class: 'heat-ends' }, 'low → high'),
      ),
    );
  }
  if (spans.some((s) => s.fact)) {
    items.push(
      h(doc, 'li', { 'data-testid': 'legend-fact' }, h(doc, 'span', { class: 'tok kept fact swatch-text' }, 'abc'), ' protected fact (URL, number, code, …)'),
    );
  }
  for (const t of CODE_TOKEN_TYPES) {
    if (!types.has(t)) continue;
    items.push(h(doc, 'li', { 'data-testid': `legend-type-${t}` }, h(doc, 'span', { class: `swatch t-${t}`, 'aria-hidden': 'true' }), ` ${TYPE_LABELS[t]}`));
  }
  if (types.size) {
    const statement = resultGranularity(preset, notes) === 'statement';
    const text = statement ? 'statement-level: whole statements removed (⋯), kept lines verbatim' : 'token-level: single tokens removed (CodePromptZip)';
    items.push(h(doc, 'li', { 'data-testid': 'legend-granularity' }, text));
  }
  return h(doc, 'ul', { class: 'legend', 'data-testid': 'legend', 'aria-label': 'Legend' }, ...items);
}

export function renderNotes(doc: Document, notes: readonly string[]): HTMLElement {
  return h(doc, 'ul', { class: 'notes', 'data-testid': 'notes', hidden: notes.length === 0 }, ...notes.map((n) => h(doc, 'li', { 'data-testid': 'note' }, n)));
}

export type ViewMode = 'side' | 'inline';

/** The text area: side by side (marked original | compressed) or inline (marked original only). */
export function renderTexts(doc: Document, original: string, r: CompressionResult, view: ViewMode): HTMLElement {
  const marked = r.spans.length > 0 ? renderMarkedOriginal(doc, original, r.spans) : renderPlain(doc, original, 'original-text');
  const more =
    r.spans.length > MAX_MARKED_SPANS
      ? h(doc, 'p', { class: 'hint', 'data-testid': 'marks-limited' }, `Marks shown for the first ${fmtInt(MAX_MARKED_SPANS)} tokens only.`)
      : null;
  const pane = (id: string, label: string, ...content: (HTMLElement | null)[]) =>
    h(doc, 'section', { class: 'pane', 'data-testid': id, role: 'region', 'aria-label': label, tabindex: 0 }, h(doc, 'h2', {}, label), ...content);
  if (view === 'inline') {
    return h(
      doc,
      'div',
      { class: 'texts inline', 'data-testid': 'texts', 'data-view': 'inline' },
      pane('pane-inline', 'Original with dropped tokens struck through', marked, more),
    );
  }
  return h(
    doc,
    'div',
    { class: 'texts side', 'data-testid': 'texts', 'data-view': 'side' },
    pane('pane-original', 'Original', marked, more),
    pane('pane-compressed', 'Compressed', renderCompressed(doc, original, r)),
  );
}

/** Reads the controls from the form built by renderControls. */
export function readControls(root: ParentNode): PanelControls {
  const q = <T extends Element>(id: string) => root.querySelector(`[data-testid="${id}"]`) as T;
  return {
    rate: Number(q<HTMLInputElement>('rate-slider').value),
    preset: q<HTMLSelectElement>('preset-select').value as PanelControls['preset'],
    mode: q<HTMLSelectElement>('mode-select').value as PanelControls['mode'],
    question: q<HTMLInputElement>('question-input').value,
  };
}

function select(doc: Document, id: string, label: string, values: readonly string[], value: string, disabled: boolean): HTMLElement {
  const sel = h(
    doc,
    'select',
    { id, 'data-testid': id, 'aria-label': label, disabled },
    ...values.map((v) => h(doc, 'option', { value: v, selected: v === value }, v)),
  );
  return h(doc, 'label', { class: 'control', for: id }, h(doc, 'span', {}, label), sel);
}

/** Rate slider, preset and mode pickers, question field, view toggle, "struck only" toggle. */
export function renderControls(doc: Document, c: PanelControls, view: ViewMode, disabled: boolean, marksOnly = false): HTMLElement {
  const rate = h(doc, 'input', {
    id: 'rate-slider',
    type: 'range',
    min: RATE_MIN,
    max: RATE_MAX,
    step: 0.01,
    value: c.rate,
    'data-testid': 'rate-slider',
    'aria-label': 'Compression rate: fraction of tokens to keep',
    'aria-valuetext': `${Math.round(c.rate * 100)}% kept`,
    disabled,
  });
  const toggle = (v: ViewMode, label: string) =>
    h(doc, 'button', { type: 'button', class: 'toggle', 'data-testid': `view-${v}`, 'data-view': v, 'aria-pressed': view === v ? 'true' : 'false' }, label);
  return h(
    doc,
    'form',
    { class: 'controls', 'data-testid': 'controls', 'aria-label': 'Compression settings' },
    h(
      doc,
      'label',
      { class: 'control rate', for: 'rate-slider' },
      h(doc, 'span', {}, 'Rate'),
      rate,
      h(doc, 'output', { 'data-testid': 'rate-value', for: 'rate-slider' }, `${Math.round(c.rate * 100)}% kept`),
    ),
    select(doc, 'preset-select', 'Preset', PRESETS, c.preset, disabled),
    select(doc, 'mode-select', 'Mode', MODES, c.mode, disabled),
    h(
      doc,
      'label',
      { class: 'control question', for: 'question-input' },
      h(doc, 'span', {}, 'Question'),
      h(doc, 'input', {
        id: 'question-input',
        type: 'text',
        value: c.question,
        placeholder: 'optional: keep what answers…',
        'data-testid': 'question-input',
        'aria-label': 'Question for question-aware compression',
        disabled,
      }),
    ),
    h(doc, 'div', { class: 'control view-toggle', role: 'group', 'aria-label': 'Layout' }, toggle('side', 'Side by side'), toggle('inline', 'Inline')),
    h(
      doc,
      'button',
      {
        type: 'button',
        class: 'toggle',
        'data-testid': 'marks-only',
        'aria-pressed': marksOnly ? 'true' : 'false',
        title: 'Mark only the struck (dropped) words; kept words are shown as plain text',
      },
      'Struck only',
    ),
  );
}

export function renderActions(doc: Document, canReplace: boolean): HTMLElement {
  const button = (id: string, label: string, title: string, extra: Record<string, string | boolean> = {}) =>
    h(doc, 'button', { type: 'button', 'data-testid': `action-${id}`, 'data-action': id, title, ...extra }, label);
  return h(
    doc,
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Actions', 'data-testid': 'actions' },
    button(
      'replace',
      'Replace Selection',
      canReplace ? 'Replace the compressed text in the editor (one undo step)' : 'The source selection is not available or has changed',
      {
        class: 'primary',
        disabled: !canReplace,
      },
    ),
    button('copy', 'Copy', 'Copy the compressed text'),
    button('openDocument', 'Open as Document', 'Open the compressed text in a new editor'),
    button('openDiff', 'Open in Diff', 'Compare original and compressed in the diff editor'),
  );
}

/** A path with line-break opportunities after each "/" (narrow views wrap between folders, not inside names). */
function breakablePath(doc: Document, text: string): (string | HTMLElement)[] {
  return text.split(/(?<=\/)/).flatMap((part, i) => (i ? [h(doc, 'wbr'), part] : [part]));
}

/** The whole view for one state. */
export function renderView(doc: Document, state: PanelState, view: ViewMode): HTMLElement {
  const r = state.result;
  return h(
    doc,
    'main',
    { class: 'view', 'data-testid': 'compression-view', 'data-session': state.sessionId },
    h(doc, 'header', {}, h(doc, 'h1', { 'data-testid': 'title' }, ...breakablePath(doc, state.title))),
    renderStats(doc, r, state.pricePerMillionTokens),
    renderControls(doc, state.controls, view, Boolean(state.truncated), Boolean(state.marksOnly)),
    renderActions(doc, state.canReplace),
    h(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' }),
    renderNotes(doc, r.notes),
    renderLegend(doc, r.spans, state.controls.preset, r.notes),
    renderTexts(doc, state.original, r, view),
  );
}

export function renderEmpty(doc: Document): HTMLElement {
  return h(
    doc,
    'main',
    { class: 'view empty', 'data-testid': 'compression-empty' },
    h(doc, 'p', {}, 'Select text in an editor and run “Tersify: Compress Selection”.'),
  );
}
