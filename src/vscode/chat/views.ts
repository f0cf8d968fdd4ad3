/**
 * Originals and compressed texts of recent chat references, for the per-reference buttons under an @tersify
 * answer (tersify.showContextSource opens one in the compression view). Kept in memory only, newest last.
 */
import { COMMANDS } from '../ids';
import { showInfo } from '../log';
import { CompressionPanel, type PanelSession } from '../panel/compressionPanel';
import type { Services } from '../services';

export const COMMAND_SHOW_SOURCE = COMMANDS.showContextSource;

export class ContextViews {
  private readonly sessions = new Map<string, PanelSession>();
  private next = 1;

  constructor(private readonly max = 200) {}

  /** Stores one reference's session; returns the id the button passes to the command. */
  add(session: PanelSession): string {
    const id = `ctx-${this.next++}`;
    this.sessions.set(id, session);
    while (this.sessions.size > this.max) this.sessions.delete(this.sessions.keys().next().value as string);
    return id;
  }

  get(id: string): PanelSession | undefined {
    return this.sessions.get(id);
  }
}

/** The button's command: opens the reference's original/compressed texts in the compression view. */
export function showContextSource(services: Services, views: ContextViews, id: unknown): boolean {
  const session = typeof id === 'string' ? views.get(id) : undefined;
  if (!session) {
    void showInfo('Tersify: this chat reference is no longer available (they are kept until VS Code restarts). Ask again to recompute it.');
    return false;
  }
  CompressionPanel.createOrShow(services, session);
  return true;
}
