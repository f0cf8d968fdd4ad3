/**
 * Which paths a front end may read: a path relative to a root ("src/a.ts"; "folderName/src/a.ts" with several
 * roots), an absolute path or a file URI, resolved textually. read.ts then checks the real path (symbolic links).
 */
import { basename, isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceRoot {
  /** Prefixes paths when there are several roots (a workspace folder's name). */
  name: string;
  /** The folder's file-system path. */
  fsPath: string;
}

export interface SourceRoots {
  folders: readonly SourceRoot[];
  /** How refusals name the roots: "outside the workspace folders". */
  label: string;
}

/** The extension's roots: the workspace folders. */
export function workspaceRoots(folders: readonly SourceRoot[]): SourceRoots {
  return { folders, label: 'the workspace folders' };
}

/** One folder as the only root (the MCP server's working directory). */
export function folderRoot(fsPath: string, label = `the root ${fsPath}`): SourceRoots {
  return { folders: [{ name: basename(fsPath), fsPath }], label };
}

export type ResolvedPath =
  /** Folder number `root`; `fsPath` is the file (not yet checked for links); `display` is the `## header`. */
  { root: number; segments: string[]; display: string; fsPath: string } | { refused: string };

export const FOLDER_NOT_FILE = 'a folder, not a file';

/** `full` relative to `root` when inside it ('' for the folder itself), else undefined. "..notes.md" is inside. */
export function insideRoot(root: string, full: string): string | undefined {
  const rel = relative(root, full);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}

function resolved(roots: SourceRoots, index: number, rel: string): ResolvedPath {
  if (rel === '') return { refused: FOLDER_NOT_FILE };
  const segments = rel.split(sep).filter(Boolean);
  const path = segments.join('/');
  const folder = roots.folders[index];
  return { root: index, segments, display: roots.folders.length > 1 ? `${folder.name}/${path}` : path, fsPath: resolve(folder.fsPath, ...segments) };
}

/** The file `raw` names, or why it is refused (outside every root, another scheme, no root). */
export function resolveSourcePath(raw: string, roots: SourceRoots): ResolvedPath {
  const { folders } = roots;
  const outside = { refused: `outside ${roots.label}` };
  if (folders.length === 0) return { refused: 'no workspace folder is open' };
  let p = raw.trim();
  if (/^file:/i.test(p)) {
    try {
      p = fileURLToPath(p);
    } catch {
      return { refused: 'not a valid file URI' };
    }
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) {
    return { refused: 'only files in the workspace can be read' };
  }
  if (isAbsolute(p)) {
    const full = normalize(p);
    for (let i = 0; i < folders.length; i++) {
      const rel = insideRoot(folders[i].fsPath, full);
      if (rel !== undefined) return resolved(roots, i, rel);
    }
    return outside;
  }
  const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (parts.length === 0) return { refused: 'not a file path' };
  // Several roots: a leading folder name picks that folder.
  if (folders.length > 1) {
    const named = folders.findIndex((f) => f.name === parts[0]);
    if (named >= 0 && parts.length > 1) {
      const rel = insideRoot(folders[named].fsPath, resolve(folders[named].fsPath, ...parts.slice(1)));
      return rel !== undefined ? resolved(roots, named, rel) : outside;
    }
  }
  const rel = insideRoot(folders[0].fsPath, resolve(folders[0].fsPath, ...parts));
  return rel !== undefined ? resolved(roots, 0, rel) : outside;
}
