import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitignoreGlobs } from '../../src/vscode/files/gitignore';

test('.gitignore lines become exclude globs: any depth, anchored, folders only; negations are reported', () => {
  const { globs, unsupported } = gitignoreGlobs('# build output\nnode_modules/\n*.log\n/dist\ndocs/generated/\n\n!keep.log\n**/tmp\n', 'pkg');
  assert.deepEqual(globs, [
    'pkg/**/node_modules/**',
    'pkg/**/*.log',
    'pkg/**/*.log/**',
    'pkg/dist',
    'pkg/dist/**',
    'pkg/docs/generated/**',
    'pkg/**/tmp',
    'pkg/**/tmp/**',
  ]);
  assert.deepEqual(unsupported, ['!keep.log']);
  assert.deepEqual(gitignoreGlobs('*.bak').globs, ['**/*.bak', '**/*.bak/**']);
});
