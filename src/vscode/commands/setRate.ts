/** Tersify: Set Compression Rate: presets or a custom value, stored in `tersify.rate`. */
import * as vscode from 'vscode';
import { showQuickPick } from '../log';
import { clampRate, parseRate, RATE_MAX, RATE_MIN, updateSetting } from '../settings';
import type { Services } from '../services';

const PRESET_RATES = [
  { rate: 0.2, label: 'Aggressive (5x)', detail: 'keep 20% of the tokens' },
  { rate: 0.33, label: 'Strong (3x)', detail: 'keep 33% of the tokens' },
  { rate: 0.5, label: 'Balanced (2x)', detail: 'keep 50% of the tokens' },
  { rate: 0.7, label: 'Light', detail: 'keep 70% of the tokens' },
  { rate: 0.9, label: 'Minimal', detail: 'keep 90% of the tokens' },
];

export async function setRate(services: Services, value?: unknown): Promise<void> {
  // Drivable from tests/keybindings: `executeCommand('tersify.setRate', 0.4)`.
  if (typeof value === 'number') {
    await updateSetting('rate', clampRate(value));
    return;
  }
  const current = services.settings().rate;
  type Item = vscode.QuickPickItem & { rate?: number };
  const items: Item[] = PRESET_RATES.map((p) => ({
    label: p.label,
    description: `${p.rate}${Math.abs(p.rate - current) < 0.005 ? ' (current)' : ''}`,
    detail: p.detail,
    rate: p.rate,
  }));
  items.push({ label: 'Custom…', description: `current: ${current}`, detail: `a keep rate in [${RATE_MIN}, ${RATE_MAX}], a percentage or a ratio like 4x` });
  const pick = await showQuickPick(items, { title: 'Tersify: compression rate (fraction of tokens to keep)', placeHolder: `Current rate: ${current}` });
  if (!pick) return;
  let rate = pick.rate;
  if (rate === undefined) {
    const text = await vscode.window.showInputBox({
      title: 'Tersify: custom compression rate',
      value: String(current),
      prompt: `Fraction of tokens to keep (${RATE_MIN}–${RATE_MAX}), e.g. 0.4, 40% or 2.5x`,
      validateInput: (v) => (parseRate(v) === undefined ? `Enter a rate between ${RATE_MIN} and ${RATE_MAX}, a percentage, or a ratio like 3x` : undefined),
    });
    if (text === undefined) return;
    rate = parseRate(text);
    if (rate === undefined) return;
  }
  await updateSetting('rate', clampRate(rate));
  void vscode.window.setStatusBarMessage(`Tersify: rate set to ${clampRate(rate)}`, 3000);
}
