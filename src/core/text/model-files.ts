/**
 * Model folder resolution and validation (layout of a Hugging Face/Optimum ONNX export):
 * `model.onnx` (+ optional external data), `tokenizer.json`, `config.json`, optional `tokenizer_config.json`.
 * Every problem is a TersifyError('model') that names the file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../assets';
import { TersifyError } from '../errors';

export interface ModelFiles {
  dir: string;
  modelPath: string;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  config: ModelConfig;
  /** Index of the "keep" label in the logits' last axis. */
  keepIndex: number;
  numLabels: number;
  /** Longest sequence the model accepts, special tokens included. */
  maxSequence: number;
}

export interface ModelConfig {
  model_type?: string;
  id2label?: Record<string, string>;
  max_position_embeddings?: number;
  pad_token_id?: number;
  [key: string]: unknown;
}

function modelError(message: string): TersifyError {
  return new TersifyError('model', message);
}

export function resolveModelDir(model: string | undefined): string {
  return resolve(model ?? defaultModelDir());
}

function requireFile(dir: string, name: string, hint: string): string {
  const path = join(dir, name);
  if (!existsSync(path)) throw modelError(`model file missing: ${path}${hint}`);
  const st = statSync(path);
  if (!st.isFile()) throw modelError(`model file is not a file: ${path}`);
  if (st.size === 0) throw modelError(`model file is empty (truncated download?): ${path}`);
  return path;
}

function readJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw modelError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw modelError(`corrupt or truncated JSON in ${path}: ${(e as Error).message}`);
  }
}

/** Keep = label 1 unless the labels name it (a label containing "keep"/"preserve"/"retain"). */
export function keepLabelIndex(id2label: Record<string, string> | undefined): { keepIndex: number; numLabels: number } {
  if (!id2label || Object.keys(id2label).length === 0) return { keepIndex: 1, numLabels: 2 };
  const entries = Object.entries(id2label).map(([k, v]) => [Number(k), String(v)] as const);
  const numLabels = Math.max(...entries.map(([k]) => k)) + 1;
  const named = entries.find(([, v]) => /keep|preserve|retain/i.test(v) && !/not|drop|discard/i.test(v));
  return { keepIndex: named ? named[0] : 1, numLabels: Math.max(numLabels, 2) };
}

export function loadModelFiles(model: string | undefined): ModelFiles {
  const dir = resolveModelDir(model);
  const hint = model === undefined ? ' (the bundled default model is not installed; pass a model folder with `model`/--model)' : '';
  if (!existsSync(dir)) {
    throw modelError(`model folder not found: ${dir}${hint}; expected model.onnx, tokenizer.json and config.json`);
  }
  const modelPath = requireFile(dir, 'model.onnx', hint);
  const tokenizerPath = requireFile(dir, 'tokenizer.json', hint);
  const configPath = requireFile(dir, 'config.json', hint);
  const tokenizerJson = readJson(tokenizerPath);
  if (typeof tokenizerJson.model !== 'object' || tokenizerJson.model === null) {
    throw modelError(`${tokenizerPath} has no "model" section: not a Hugging Face tokenizer.json`);
  }
  const config = readJson(configPath) as ModelConfig;
  const tcPath = join(dir, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tcPath) ? readJson(tcPath) : {};
  const { keepIndex, numLabels } = keepLabelIndex(config.id2label);
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
  // RoBERTa-family models reserve two position slots (padding_idx + 1).
  const offset = /roberta|xlm/i.test(String(config.model_type ?? '')) ? 2 : 0;
  const maxSequence = Math.max(8, Math.min(512, positions - offset));
  return { dir, modelPath, tokenizerJson, tokenizerConfig, config, keepIndex, numLabels, maxSequence };
}
