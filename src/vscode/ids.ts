/**
 * Every id Tersify declares in package.json `contributes`, written once. test/vscode/manifest.test.ts checks
 * them against package.json both ways, and that no other file under src/vscode spells one. No vscode import.
 */

/** Settings section: every setting is `tersify.<key>` (keys: settingsCore.ts SETTING_KEYS). */
export const SECTION = 'tersify';

/** Command ids (the e2e tests drive these). */
export const COMMANDS = {
  compressSelection: 'tersify.compressSelection',
  compressSelectionToClipboard: 'tersify.compressSelectionToClipboard',
  compressFilesToClipboard: 'tersify.compressFilesToClipboard',
  showInspector: 'tersify.showInspector',
  setRate: 'tersify.setRate',
  selectModel: 'tersify.selectModel',
  downloadModel: 'tersify.downloadModel',
  showLog: 'tersify.showLog',
  exportHistory: 'tersify.exportHistory',
  clearHistory: 'tersify.clearHistory',
  /** Internal (chat answer buttons): opens one @tersify reference in the compression view. */
  showContextSource: 'tersify.showContextSource',
} as const;

/** The activity-bar container that holds the inspector. */
export const VIEW_CONTAINER_ID = 'tersify';
/** The savings inspector (a webview view). */
export const INSPECTOR_VIEW_ID = 'tersify.inspector';
/** The compression view (a webview panel; package.json names it in `activationEvents`). */
export const COMPRESSION_VIEW_TYPE = 'tersify.compressionView';

/** The @tersify chat participant and its slash commands. */
export const PARTICIPANT_ID = 'tersify.chat';
export const PARTICIPANT_COMMANDS = { compress: 'compress', budget: 'budget' } as const;

/** The #tersify language-model tool. */
export const TOOL_NAME = 'tersify_compressContext';

/** The MCP server definition provider. */
export const MCP_PROVIDER_ID = 'tersify.mcp';
