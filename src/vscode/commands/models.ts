/** Tersify: Select Model and Tersify: Download LLMLingua-2 Model. The network is touched only by the download command. */
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { downloadAll, DownloadError, networkFailureMessage } from '../models/download';
import { MODEL_CATALOG, MODEL_FILES, missingModelFiles, type CatalogModel } from '../models/catalog';
import { log, showError, showInfo, showQuickPick, showWarning } from '../log';
import type { Services } from '../services';
import { updateSetting } from '../settings';

export function modelsFolder(services: Services): string {
  return join(services.context.globalStorageUri.fsPath, 'models');
}

async function downloadedModels(services: Services): Promise<{ id: string; dir: string }[]> {
  const root = modelsFolder(services);
  let names: string[] = [];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.endsWith('.download'))
    .map((id) => ({ id, dir: join(root, id) }))
    .filter((m) => missingModelFiles(m.dir).length === 0);
}

async function useModel(services: Services, dir: string, label: string): Promise<void> {
  await updateSetting('modelPath', dir);
  await services.engine.releaseModels().catch(() => undefined);
  void showInfo(`Tersify: prose compression now uses ${label}.`);
}

export async function selectModel(services: Services): Promise<void> {
  const current = services.settings().modelPath;
  type Item = vscode.QuickPickItem & { action: 'default' | 'folder' | 'download' | 'use'; dir?: string };
  const items: Item[] = [
    {
      label: '$(package) Bundled default',
      description: current === '' ? '(current)' : '',
      detail: 'The small English model shipped with Tersify',
      action: 'default',
    },
  ];
  const downloaded = await downloadedModels(services);
  if (downloaded.length) items.push({ label: 'Downloaded', kind: vscode.QuickPickItemKind.Separator, action: 'use' });
  for (const m of downloaded) {
    const known = MODEL_CATALOG.find((c) => c.id === m.id);
    items.push({
      label: `$(cloud-download) ${known?.label ?? m.id}`,
      description: m.dir === current ? '(current)' : '',
      detail: m.dir,
      action: 'use',
      dir: m.dir,
    });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'use' });
  items.push({ label: '$(folder-opened) Choose a folder on disk…', detail: 'A folder with model.onnx, tokenizer.json and config.json', action: 'folder' });
  items.push({ label: '$(cloud-download) Download an LLMLingua-2 model…', action: 'download' });
  const pick = await showQuickPick(items, {
    title: 'Tersify: model for prose compression',
    placeHolder: current ? `Current: ${current}` : 'Current: bundled default',
  });
  if (!pick) return;
  switch (pick.action) {
    case 'default':
      await updateSetting('modelPath', '');
      await services.engine.releaseModels().catch(() => undefined);
      void showInfo('Tersify: using the bundled default model.');
      return;
    case 'use':
      if (pick.dir) await useModel(services, pick.dir, pick.label.replace(/^\$\([^)]*\)\s*/, ''));
      return;
    case 'download':
      await downloadModel(services);
      return;
    case 'folder': {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Use Model',
        title: 'Folder with model.onnx, tokenizer.json and config.json',
      });
      const dir = picked?.[0]?.fsPath;
      if (!dir) return;
      const missing = missingModelFiles(dir);
      if (missing.length) {
        void vscode.window.showErrorMessage(`Tersify: ${dir} is not a model folder: missing ${missing.join(', ')}.`);
        return;
      }
      await useModel(services, dir, dir);
      return;
    }
  }
}

export async function downloadModel(services: Services, id?: unknown): Promise<void> {
  let model: CatalogModel | undefined = typeof id === 'string' ? MODEL_CATALOG.find((m) => m.id === id) : undefined;
  if (!model) {
    const pick = await showQuickPick(
      MODEL_CATALOG.map((m) => ({ label: m.label, description: m.approxSize, detail: m.description, model: m })),
      { title: 'Tersify: download an LLMLingua-2 model (from huggingface.co)', placeHolder: 'The files are checked (size and SHA-256) before use' },
    );
    if (!pick) return;
    model = pick.model;
  }
  const target = join(modelsFolder(services), model.id);
  if (existsSync(target) && missingModelFiles(target).length === 0) {
    const USE = 'Use It';
    const AGAIN = 'Download Again';
    const choice = await showInfo(`${model.label} is already downloaded.`, USE, AGAIN);
    if (choice === USE) return useModel(services, target, model.label);
    if (choice !== AGAIN) return;
  }
  const chosen = model;
  // A large download: say how large and where from, and let the user decide.
  const DOWNLOAD = 'Download';
  const confirm = await vscode.window.showWarningMessage(
    `Download ${chosen.label} (${chosen.approxSize})?`,
    {
      modal: true,
      detail: `The files come from huggingface.co and are checked (size and SHA-256) before use. The bundled model keeps working meanwhile; you can cancel at any time and resume later.`,
    },
    DOWNLOAD,
  );
  if (confirm !== DOWNLOAD) return;
  const controller = new AbortController();
  let kept = 0; // bytes on disk: finished files plus the current one
  let done = 0;
  let currentBytes = 0;
  try {
    const files = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${chosen.label}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let lastPct = 0;
        let current = '';
        return downloadAll(
          MODEL_FILES.map((f) => chosen.files[f]),
          MODEL_FILES,
          target,
          {
            signal: controller.signal,
            onFile: (_i, name) => {
              done += currentBytes;
              currentBytes = 0;
              current = name;
              lastPct = 0;
              progress.report({ message: `${name}…` });
            },
            onProgress: ({ received, total }) => {
              currentBytes = received;
              kept = done + currentBytes;
              const mb = (received / 1048576).toFixed(1);
              if (total) {
                const pct = Math.floor((100 * received) / total);
                if (pct !== lastPct) {
                  progress.report({ message: `${current}: ${mb} / ${(total / 1048576).toFixed(1)} MB`, increment: (pct - lastPct) / MODEL_FILES.length });
                  lastPct = pct;
                }
              } else progress.report({ message: `${current}: ${mb} MB` });
            },
          },
        );
      },
    );
    await writeFile(
      join(target, 'tersify-model.json'),
      JSON.stringify(
        {
          id: chosen.id,
          label: chosen.label,
          downloaded: new Date().toISOString(),
          files: files.map((f, i) => ({
            name: MODEL_FILES[i],
            url: chosen.files[MODEL_FILES[i]].url,
            size: f.size,
            sha256: f.sha256,
            verifiedBy: f.verifiedBy,
          })),
        },
        null,
        2,
      ),
    );
    for (const f of files) log()?.info(`downloaded ${f.path}: ${f.size} bytes, sha256 ${f.sha256} (verified by ${f.verifiedBy})`);
    const USE = 'Use It';
    const choice = await showInfo(`Tersify: ${chosen.label} downloaded and verified.`, USE);
    if (choice === USE) await useModel(services, target, chosen.label);
  } catch (error) {
    if (error instanceof DownloadError && error.code === 'cancelled') {
      await rm(`${target}.download`, { recursive: true, force: true });
      void showInfo('Tersify: download cancelled; partial files were removed.');
      return;
    }
    if (error instanceof DownloadError && error.code === 'network') {
      log()?.warn(`download of ${chosen.id} failed: ${error.message}`);
      void showWarning(networkFailureMessage(error, kept, chosen.label));
      return;
    }
    void showError(error, 'download model');
  }
}
