/**
 * Messages between the compression view webview (webview/compression) and the extension host. Part of the
 * extension's UI, not the engine: pure types, no vscode import (the webview bundles it).
 */
import type { CompressionResult, Mode, PresetName } from '../../core/types';

/** What the user can change in the view; a change recomputes the compression. */
export interface PanelControls {
  rate: number;
  preset: PresetName;
  mode: Mode;
  question: string;
}

/** Everything the view needs to draw one compression. */
export interface PanelState {
  /** Identifies the compression shown (a new one replaces the view's content). */
  sessionId: string;
  title: string;
  original: string;
  result: CompressionResult;
  controls: PanelControls;
  /** USD per million input tokens, for the "cost saved" estimate. */
  pricePerMillionTokens: number;
  /** False when there is no editor selection to replace (files, history, restored views). */
  canReplace: boolean;
  /** Set when the original was cut to fit the history store (recompute is then disabled). */
  truncated?: boolean;
  /** The user's "Struck only" choice (remembered across views and sessions): kept words are not coloured. */
  marksOnly?: boolean;
}

export type PanelAction = 'replace' | 'copy' | 'openDocument' | 'openDiff';

/** Requests the webview sends to the host. */
export interface PanelHostMethods {
  /** The "ready" handshake: the host answers with the state to draw (or null). */
  ready: [Record<string, never>, PanelState | null];
  /** Recomputes with new controls (the webview debounces and cancels the previous request). */
  recompute: [{ sessionId: string; controls: PanelControls }, CompressionResult];
  action: [{ sessionId: string; action: PanelAction }, { ok: boolean; message?: string }];
  /** Remembers the "Struck only" toggle. */
  setMarksOnly: [{ marksOnly: boolean }, null];
}

/** Events the host sends to the webview. */
export interface PanelWebviewEvents {
  /** A new compression to show. */
  state: PanelState;
  /** The replace target became invalid (document edited or replaced). */
  canReplace: { sessionId: string; canReplace: boolean };
}

/** Saved by the webview (vscode.setState) so the serializer can restore the view after a reload. */
export interface PanelPersistedState {
  state: PanelState | null;
  view: 'side' | 'inline';
}
