/** The natural-language (prose) compression engine: LLMLingua-2 on onnxruntime-node, done better. */
export { compressText, scoreText, disposeModels, analyze, selectScored, warmUpText, type ScoredWord } from './engine';
export { DEFAULT_FORCE_TOKENS } from './force';
export { providersFor, PROVIDERS_BY_PLATFORM, type Provider } from './runtime';
export { segment, type Segmentation, type Word, type Unit } from './words';
