/** Tersify's engine: the public library surface (no 'vscode' import anywhere below). */
export { compress } from './compress';
export { compressFiles, renderFileBlock, savingsSummary, type FileInput, type FilesResult, type FileOutcome } from './files';
export { scoreText, disposeModels } from './text';
export { resolveLanguage, SUPPORTED_LANGUAGES } from './code';
export { countTokens, tokenCounter, checkTokenizer, DEFAULT_TOKENIZER } from './budget/tokenizers';
export { resolveBudget, budgetTolerance, DEFAULT_RATE } from './budget/budget';
export { isFaithful, lexicalTokens, ELISION } from './faithfulness';
export { decodeInput, looksBinary, MAX_INPUT_CHARS } from './input';
export { TersifyError } from './errors';
export { setAssetRoot, defaultModelDir } from './assets';
export * from './types';
export { packContext, contextBudget, contextPrompt, parseBudgetPrompt, type PackRequest, type PackedContext } from './contextPack';
