/**
 * Known ONNX exports of LLMLingua-2 token-classification models that the engine can load
 * (a folder with model.onnx + tokenizer.json + config.json). No vscode import.
 *
 * Sizes and SHA-256 hashes are NOT pinned here: they could not be checked offline when this table was written.
 * The downloader takes them from the server's own manifest instead: Hugging Face answers every LFS file with
 * `X-Linked-Size` and `X-Linked-Etag` (the SHA-256 of the content), and every file is checked against those
 * before it is moved into place. Small non-LFS files (config.json) only get a size check (Content-Length); their
 * SHA-256 is computed and recorded in the model's `tersify-model.json`. Pin `size`/`sha256` in a row to enforce them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const MODEL_FILES = ['model.onnx', 'tokenizer.json', 'config.json'] as const;
export type ModelFileName = (typeof MODEL_FILES)[number];

export interface CatalogFile {
  url: string;
  size?: number;
  sha256?: string;
}

export interface CatalogModel {
  /** Folder name under globalStorage/models/. */
  id: string;
  label: string;
  description: string;
  /** Approximate total download, for the quick pick. */
  approxSize: string;
  files: Record<ModelFileName, CatalogFile>;
}

const hf = (repo: string, revision: string, path: string) => `https://huggingface.co/${repo}/resolve/${revision}/${path}`;

function hfModel(id: string, label: string, description: string, approxSize: string, repo: string, paths: Record<ModelFileName, string>): CatalogModel {
  const files = {} as Record<ModelFileName, CatalogFile>;
  for (const name of MODEL_FILES) files[name] = { url: hf(repo, 'main', paths[name]) };
  return { id, label, description, approxSize, files };
}

export const MODEL_CATALOG: readonly CatalogModel[] = Object.freeze([
  hfModel(
    'llmlingua-2-bert-base-multilingual-cased-meetingbank',
    'LLMLingua-2 BERT base multilingual (MeetingBank)',
    'ONNX export of microsoft/llmlingua-2-bert-base-multilingual-cased-meetingbank (ldenoue); fast, multilingual',
    '~0.7 GB',
    'ldenoue/llmlingua-2-bert-base-multilingual-cased-meetingbank',
    { 'model.onnx': 'model.onnx', 'tokenizer.json': 'tokenizer.json', 'config.json': 'config.json' },
  ),
  hfModel(
    'llmlingua-2-xlm-roberta-large-meetingbank',
    'LLMLingua-2 XLM-RoBERTa large (MeetingBank)',
    'ONNX export of microsoft/llmlingua-2-xlm-roberta-large-meetingbank (aablsk-chaptr); best quality, slow on CPU',
    '~2.3 GB',
    'aablsk-chaptr/llmlingua-2-xlm-roberta-large-meetingbank-onnx',
    { 'model.onnx': 'model.onnx', 'tokenizer.json': 'tokenizer.json', 'config.json': 'config.json' },
  ),
]);

/** Missing files for a model folder (empty when the folder holds a loadable model). */
export function missingModelFiles(dir: string): string[] {
  return MODEL_FILES.filter((f) => !existsSync(join(dir, f)));
}
