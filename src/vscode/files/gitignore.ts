/**
 * `.gitignore` lines as glob patterns for vscode.workspace.findFiles' exclude (which knows files.exclude but not
 * .gitignore). The common subset: comments, blank lines, `dir/` (folders only), `/anchored`, `*`, `**`, `?`.
 * Negations (`!keep.txt`) cannot be expressed as an exclude and are returned in `unsupported`. No vscode import.
 */
export interface IgnoreGlobs {
  globs: string[];
  unsupported: string[];
}

/** `dir`: the .gitignore's folder relative to the search base ('' for the base itself), with `/` separators. */
export function gitignoreGlobs(text: string, dir = ''): IgnoreGlobs {
  const globs: string[] = [];
  const unsupported: string[] = [];
  const base = dir ? `${dir.replace(/\/+$/, '')}/` : '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('!')) {
      unsupported.push(line);
      continue;
    }
    const dirOnly = line.endsWith('/');
    let pattern = line.replace(/^\\/, '').replace(/\/+$/, '');
    // a slash at the start or in the middle anchors the pattern to the .gitignore's folder
    const anchored = pattern.includes('/');
    pattern = pattern.replace(/^\//, '');
    if (!pattern) continue;
    const at = anchored || pattern.startsWith('**/') ? `${base}${pattern}` : `${base}**/${pattern}`;
    if (!dirOnly) globs.push(at);
    globs.push(`${at}/**`);
  }
  return { globs, unsupported };
}
