/** Tersify's engine: the public library surface (no 'vscode' import anywhere below). */
export { compress } from './compress';
export { localEngine, type Engine } from './engine';
export { savingsSummary, savingsText, moneySaved, tokensSaved, percentSaved } from './savings';
export { renderFileBlock } from './format';
export { compressFiles, type FileInput, type FilesResult, type FileOutcome } from './files';
export { scoreText, disposeModels } from './text';
export { resolveLanguage, SUPPORTED_LANGUAGES } from './code';
export { countTokens, tokenCounter, checkTokenizer, DEFAULT_TOKENIZER } from './budget/tokenizers';
export { resolveBudget, budgetTolerance, DEFAULT_RATE } from './budget/budget';
export { isFaithful, lexicalTokens, ELISION } from './faithfulness';
export { decodeInput, looksBinary, MAX_INPUT_CHARS } from './input';
export { TersifyError } from './errors';
export { setAssetRoot, defaultModelDir } from './assets';
export * from './types';
export { packContext, contextPrompt, parseBudgetPrompt, type PackRequest, type PackedContext } from './contextPack';
