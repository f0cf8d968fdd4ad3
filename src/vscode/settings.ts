/** The only place that reads `tersify.*` settings; validation and mapping live in settingsCore.ts. */
import * as vscode from 'vscode';
import { parseSettings, SETTING_KEYS, type TersifySettings } from './settingsCore';
import { SECTION } from './ids';
import { log } from './log';

export * from './settingsCore';

let reported = '';

export function readSettings(scope?: vscode.ConfigurationScope): TersifySettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const { settings, problems } = parseSettings((key) => config.get(key));
  const text = problems.join('\n');
  if (text && text !== reported) log()?.warn(`invalid settings:\n${text}`);
  reported = text;
  return settings;
}

export function affectsTersify(e: vscode.ConfigurationChangeEvent, key?: keyof typeof SETTING_KEYS): boolean {
  return e.affectsConfiguration(key ? `${SECTION}.${SETTING_KEYS[key]}` : SECTION);
}

/** Writes a user-level setting. */
export async function updateSetting(key: keyof typeof SETTING_KEYS, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(SETTING_KEYS[key], value, vscode.ConfigurationTarget.Global);
}
