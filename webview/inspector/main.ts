/** The savings inspector's script: draws snapshots from the host; search, open, export, clear. */
import type { InspectorHostMethods, InspectorSnapshot, InspectorWebviewEvents } from '../../src/vscode/protocol/inspector';
import { clear, renderLoading } from '../shared/dom';
import { connect } from '../shared/host';
import { renderHistory, renderInspector } from './render';

interface Persisted {
  query: string;
}

const { api, host } = connect<InspectorHostMethods, InspectorWebviewEvents, Persisted>();
const app = document.getElementById('app') ?? document.body;
let snapshot: InspectorSnapshot | undefined;
let query = api.getState()?.query ?? '';

function q<T extends Element>(id: string): T | null {
  return app.querySelector(`[data-testid="${id}"]`) as T | null;
}

function setStatus(text: string): void {
  const el = q<HTMLElement>('status');
  if (el) el.textContent = text;
}

function draw(): void {
  if (!snapshot) return;
  const search = q<HTMLInputElement>('history-search');
  const hadFocus = search !== null && document.activeElement === search;
  clear(app);
  app.appendChild(renderInspector(document, snapshot, query, Date.now()));
  if (hadFocus) q<HTMLInputElement>('history-search')?.focus();
}

function redrawHistory(): void {
  const box = q<HTMLElement>('history-container');
  if (!box || !snapshot) return;
  clear(box);
  box.appendChild(renderHistory(document, snapshot.history, query, Date.now()));
}

app.addEventListener('input', (e) => {
  const target = e.target as HTMLInputElement;
  if (target.dataset?.testid !== 'history-search') return;
  query = target.value;
  api.setState({ query });
  redrawHistory();
});

app.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest('button');
  if (!button) return;
  const id = button.dataset.id;
  if (id) {
    host.request('open', { id }).then(
      (r) => {
        if (!r.ok && r.message) setStatus(r.message);
      },
      (error) => setStatus((error as Error).message),
    );
    return;
  }
  const command = button.dataset.command;
  if (command === 'exportCsv')
    host.request('exportCsv', {}).then(
      (r) => r.ok && r.path && setStatus(`Exported to ${r.path}`),
      (error) => setStatus((error as Error).message),
    );
  if (command === 'clear') host.request('clear', {}).catch((error) => setStatus((error as Error).message));
});

host.on('update', (next) => {
  snapshot = next;
  draw();
});

// A loading line at once: the history is read from disk and the extension may still be starting.
clear(app);
app.appendChild(renderLoading(document, 'the savings history'));
host.request('ready', {}).then(
  (initial) => {
    snapshot = initial;
    draw();
  },
  (error) => {
    app.textContent = `Cannot load the history: ${(error as Error).message}`;
  },
);
