/** The compression view's script: draws the state from the host and recomputes live (debounced, cancellable). */
import type { PanelAction, PanelControls, PanelHostMethods, PanelPersistedState, PanelState, PanelWebviewEvents } from '../../src/vscode/protocol/panel';
import { isCancellation } from '../../src/core/protocol/rpc';
import { clear, renderLoading } from '../shared/dom';
import { connect } from '../shared/host';
import { readControls, renderLegend, renderNotes, renderStats, renderTexts, renderView, renderEmpty, type ViewMode } from './render';

export const RECOMPUTE_DEBOUNCE_MS = 250;

const { api, host } = connect<PanelHostMethods, PanelWebviewEvents, PanelPersistedState>();
const app = document.getElementById('app') ?? document.body;

let state: PanelState | null = null;
let view: ViewMode = api.getState()?.view ?? 'side';
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: AbortController | undefined;
/** True from a control change until its result is drawn: the actions would otherwise use the previous result. */
let pending = false;

function persist(): void {
  api.setState({ state, view });
}

function q<T extends Element>(id: string): T | null {
  return app.querySelector(`[data-testid="${id}"]`) as T | null;
}

function setStatus(text: string, kind: 'info' | 'busy' | 'error' = 'info'): void {
  const el = q<HTMLElement>('status');
  if (!el) return;
  el.textContent = text;
  el.dataset.kind = kind;
}

function draw(): void {
  clear(app);
  app.classList.toggle('marks-only', Boolean(state?.marksOnly));
  app.appendChild(state ? renderView(document, state, view) : renderEmpty(document));
  syncActions();
}

/** Replace needs a valid target; every action waits for a pending recompute (they act on the result shown). */
function syncActions(): void {
  for (const b of app.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    b.disabled = pending || (b.dataset.action === 'replace' && !state?.canReplace);
  }
  if (pending) app.setAttribute('aria-busy', 'true');
  else app.removeAttribute('aria-busy');
}

function setPending(next: boolean): void {
  pending = next;
  syncActions();
}

/** Replaces the parts that depend on the result, keeping the controls (and their focus) as they are. */
function redrawResult(): void {
  if (!state) return;
  const swap = (id: string, next: HTMLElement) => q(id)?.replaceWith(next);
  swap('stats', renderStats(document, state.result, state.pricePerMillionTokens));
  swap('notes', renderNotes(document, state.result.notes));
  swap('legend', renderLegend(document, state.result.spans, state.controls.preset, state.result.notes));
  swap('texts', renderTexts(document, state.original, state.result, view));
}

function show(next: PanelState): void {
  inflight?.abort();
  if (timer) clearTimeout(timer);
  pending = false;
  state = next;
  persist();
  draw();
}

function scheduleRecompute(): void {
  if (!state || state.truncated) return;
  const controls = readControls(app);
  const rateValue = q<HTMLOutputElement>('rate-value');
  if (rateValue) rateValue.textContent = `${Math.round(controls.rate * 100)}% kept`;
  q<HTMLInputElement>('rate-slider')?.setAttribute('aria-valuetext', `${Math.round(controls.rate * 100)}% kept`);
  if (timer) clearTimeout(timer);
  setPending(true);
  setStatus('Recomputing…', 'busy');
  timer = setTimeout(() => void recompute(controls), RECOMPUTE_DEBOUNCE_MS);
}

async function recompute(controls: PanelControls): Promise<void> {
  if (!state) return;
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  const session = state.sessionId;
  setStatus('Recomputing…', 'busy');
  try {
    const result = await host.request('recompute', { sessionId: session, controls }, controller.signal);
    if (!state || state.sessionId !== session || controller.signal.aborted) return;
    state = { ...state, result, controls };
    persist();
    redrawResult();
    setStatus(`Recomputed at ${Math.round(controls.rate * 100)}% kept.`);
  } catch (error) {
    if (isCancellation(error)) return;
    setStatus((error as Error).message, 'error');
  } finally {
    if (inflight === controller) {
      inflight = undefined;
      setPending(false);
    }
  }
}

async function runAction(action: PanelAction, button: HTMLButtonElement): Promise<void> {
  if (!state || pending) return;
  button.disabled = true;
  try {
    const res = await host.request('action', { sessionId: state.sessionId, action });
    if (res.message) setStatus(res.message, res.ok ? 'info' : 'error');
    if (action === 'replace' && res.ok) state = { ...state, canReplace: false };
  } catch (error) {
    setStatus((error as Error).message, 'error');
  } finally {
    syncActions();
    persist();
  }
}

app.addEventListener('input', (e) => {
  const id = (e.target as HTMLElement).dataset?.testid;
  if (id === 'rate-slider' || id === 'question-input') scheduleRecompute();
});
app.addEventListener('change', (e) => {
  const id = (e.target as HTMLElement).dataset?.testid;
  if (id === 'preset-select' || id === 'mode-select') scheduleRecompute();
});
app.addEventListener('submit', (e) => e.preventDefault());
app.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest('button');
  if (!button || button.disabled) return;
  const action = button.dataset.action as PanelAction | undefined;
  if (action) {
    void runAction(action, button);
    return;
  }
  if (button.dataset.testid === 'marks-only' && state) {
    const marksOnly = button.getAttribute('aria-pressed') !== 'true';
    state = { ...state, marksOnly };
    button.setAttribute('aria-pressed', String(marksOnly));
    app.classList.toggle('marks-only', marksOnly);
    persist();
    host.request('setMarksOnly', { marksOnly }).catch(() => undefined);
    return;
  }
  const nextView = button.dataset.view as ViewMode | undefined;
  if (nextView && nextView !== view) {
    view = nextView;
    persist();
    for (const b of app.querySelectorAll<HTMLButtonElement>('button[data-view]')) b.setAttribute('aria-pressed', b.dataset.view === view ? 'true' : 'false');
    if (state) q('texts')?.replaceWith(renderTexts(document, state.original, state.result, view));
  }
});

host.on('state', show);
host.on('canReplace', ({ sessionId, canReplace }) => {
  if (!state || state.sessionId !== sessionId) return;
  state = { ...state, canReplace };
  persist();
  syncActions();
  if (!canReplace) setStatus('The document changed; Replace Selection is disabled.');
  else setStatus('The selection is back to the text this was compressed from; Replace Selection is enabled.');
});

// Draw what we had before a reload at once (or a loading line), then ask the host (the "ready" handshake).
const saved = api.getState();
state = saved?.state ?? null;
if (state) draw();
else {
  clear(app);
  app.appendChild(renderLoading(document, 'the compression view'));
}
host.request('ready', {}).then(
  (initial) => {
    if (initial) show(initial);
    else if (!state) draw();
  },
  (error) => setStatus(`Cannot reach the extension: ${(error as Error).message}`, 'error'),
);
