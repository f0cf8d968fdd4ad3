/** Pure DOM builders of the savings inspector: tested in headless Chromium. */
import { matchesQuery, type AggregateTotals, type HistorySummary, type InspectorSnapshot, type Totals } from '../../src/vscode/protocol/inspector';
import { fmtInt, fmtMoney, fmtPercent, tokensSaved } from '../../src/core/savings';
import { h, svg } from '../shared/dom';

export const CHART_DAYS = 30;

function row(doc: Document, id: string, label: string, value: string): HTMLElement {
  return h(doc, 'div', { class: 'row' }, h(doc, 'dt', {}, label), h(doc, 'dd', { 'data-testid': id }, value));
}

export function renderTotals(doc: Document, which: 'session' | 'alltime', label: string, t: Totals): HTMLElement {
  const p = `totals-${which}`;
  return h(
    doc,
    'section',
    { class: 'totals', 'data-testid': p, 'aria-label': label },
    h(doc, 'h2', {}, label),
    h(
      doc,
      'dl',
      {},
      row(doc, `${p}-compressions`, 'Compressions', fmtInt(t.compressions)),
      row(doc, `${p}-tokens-in`, 'Tokens in', fmtInt(t.tokensIn)),
      row(doc, `${p}-tokens-out`, 'Tokens out', fmtInt(t.tokensOut)),
      row(doc, `${p}-tokens-saved`, 'Tokens saved', `${fmtInt(t.tokensSaved)} (${fmtPercent(t.tokensSaved, t.tokensIn)})`),
      row(doc, `${p}-money-saved`, 'Money saved', fmtMoney(t.moneySaved)),
    ),
  );
}

/** The last CHART_DAYS UTC days ending at `today` ('YYYY-MM-DD'), oldest first. */
export function lastDays(today: number, n = CHART_DAYS): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(today - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** Bar chart of tokens saved per day (inline SVG, colours from the theme). */
export function renderChart(doc: Document, daily: Record<string, number>, today: number): HTMLElement {
  const days = lastDays(today);
  const values = days.map((d) => daily[d] ?? 0);
  const max = Math.max(1, ...values);
  const width = 300;
  const height = 80;
  const bw = width / days.length;
  const chart = svg(doc, 'svg', {
    viewBox: `0 0 ${width} ${height + 2}`,
    class: 'chart',
    role: 'img',
    'aria-label': `Tokens saved per day, last ${CHART_DAYS} days`,
    'data-testid': 'savings-chart',
    preserveAspectRatio: 'none',
  });
  chart.appendChild(svg(doc, 'line', { x1: 0, x2: width, y1: height + 1, y2: height + 1, class: 'axis' }));
  days.forEach((day, i) => {
    const v = values[i];
    const bh = v > 0 ? Math.max(1.5, (v / max) * height) : 0;
    chart.appendChild(
      svg(
        doc,
        'rect',
        {
          x: (i * bw + 1).toFixed(2),
          y: (height - bh).toFixed(2),
          width: Math.max(1, bw - 2).toFixed(2),
          height: bh.toFixed(2),
          class: 'bar',
          'data-testid': 'chart-bar',
          'data-day': day,
          'data-value': v,
        },
        svg(doc, 'title', {}, `${day}: ${fmtInt(v)} tokens saved`),
      ),
    );
  });
  const total = values.reduce((a, b) => a + b, 0);
  return h(
    doc,
    'section',
    { class: 'chart-box', 'aria-label': 'Savings over time' },
    h(doc, 'h2', {}, `Saved, last ${CHART_DAYS} days: ${fmtInt(total)} tokens`),
    chart,
  );
}

export function renderBreakdown(doc: Document, id: string, label: string, by: Record<string, Totals>): HTMLElement {
  const keys = Object.keys(by).sort((a, b) => by[b].tokensSaved - by[a].tokensSaved);
  const body =
    keys.length === 0
      ? [h(doc, 'tr', {}, h(doc, 'td', { colspan: 4, class: 'muted' }, 'Nothing yet'))]
      : keys.map((k) =>
          h(
            doc,
            'tr',
            { 'data-testid': `${id}-row`, 'data-key': k },
            h(doc, 'th', { scope: 'row' }, k),
            h(doc, 'td', {}, fmtInt(by[k].compressions)),
            h(doc, 'td', {}, fmtInt(by[k].tokensSaved)),
            h(doc, 'td', {}, fmtMoney(by[k].moneySaved)),
          ),
        );
  return h(
    doc,
    'section',
    { class: 'breakdown', 'data-testid': id, 'aria-label': label },
    h(doc, 'h2', {}, label),
    h(
      doc,
      'table',
      {},
      h(
        doc,
        'thead',
        {},
        h(
          doc,
          'tr',
          {},
          h(doc, 'th', { scope: 'col' }, ''),
          h(doc, 'th', { scope: 'col' }, 'Runs'),
          h(doc, 'th', { scope: 'col' }, 'Saved'),
          h(doc, 'th', { scope: 'col' }, '$'),
        ),
      ),
      h(doc, 'tbody', {}, ...body),
    ),
  );
}

export function filterHistory(items: readonly HistorySummary[], query: string): HistorySummary[] {
  return items.filter((e) => matchesQuery(e, query));
}

function when(time: number, now: number): string {
  const s = Math.round((now - time) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(time).toISOString().slice(0, 10);
}

/** The history list (already newest first), filtered by `query`. */
export function renderHistory(doc: Document, items: readonly HistorySummary[], query: string, now: number): HTMLElement {
  const shown = filterHistory(items, query);
  if (shown.length === 0) {
    return h(doc, 'p', { class: 'muted', 'data-testid': 'history-empty' }, items.length === 0 ? 'No compressions yet.' : 'No entry matches the search.');
  }
  return h(
    doc,
    'ul',
    { class: 'history', 'data-testid': 'history-list', 'aria-label': 'History, newest first' },
    ...shown.map((e) => {
      const saved = tokensSaved(e.originalTokens, e.compressedTokens);
      return h(
        doc,
        'li',
        {},
        h(
          doc,
          'button',
          {
            type: 'button',
            class: 'entry',
            'data-testid': 'history-item',
            'data-id': e.id,
            title: e.preview,
            'aria-label': `Open ${e.title}: ${fmtInt(e.originalTokens)} to ${fmtInt(e.compressedTokens)} tokens`,
          },
          h(doc, 'span', { class: 'entry-title', 'data-testid': 'history-title' }, e.title),
          h(
            doc,
            'span',
            { class: 'entry-meta' },
            `${when(e.time, now)} · ${e.source} · ${e.mode}${e.language ? ` · ${e.language}` : ''}`,
            e.used ? h(doc, 'span', { class: 'entry-used', 'data-testid': 'history-used' }, ` · ${e.used}`) : null,
          ),
          h(doc, 'span', { class: 'entry-numbers' }, `${fmtInt(e.originalTokens)} → ${fmtInt(e.compressedTokens)} (−${fmtPercent(saved, e.originalTokens)})`),
        ),
      );
    }),
  );
}

export function renderInspector(doc: Document, snap: InspectorSnapshot, query: string, now: number): HTMLElement {
  const all: AggregateTotals = snap.allTime;
  return h(
    doc,
    'main',
    { class: 'inspector', 'data-testid': 'inspector' },
    h(doc, 'div', { class: 'totals-grid' }, renderTotals(doc, 'session', 'This session', snap.session), renderTotals(doc, 'alltime', 'All time', all)),
    renderChart(doc, all.daily, now),
    renderBreakdown(doc, 'by-source', 'By source', all.bySource),
    renderBreakdown(doc, 'by-mode', 'By mode', all.byMode),
    h(
      doc,
      'section',
      { class: 'history-box', 'aria-label': 'History' },
      h(doc, 'h2', {}, `History (last ${fmtInt(snap.historySize)})`),
      h(
        doc,
        'div',
        { class: 'toolbar' },
        h(doc, 'input', { type: 'search', value: query, placeholder: 'Search history', 'aria-label': 'Search history', 'data-testid': 'history-search' }),
        h(doc, 'button', { type: 'button', 'data-testid': 'export-csv', 'data-command': 'exportCsv', title: 'Export the history as CSV' }, 'Export CSV'),
        h(doc, 'button', { type: 'button', 'data-testid': 'clear-history', 'data-command': 'clear', title: 'Clear the history' }, 'Clear'),
      ),
      h(doc, 'div', { 'data-testid': 'history-container' }, renderHistory(doc, snap.history, query, now)),
    ),
    h(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' }),
  );
}
