import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  folderRoot,
  readLocalFile,
  readSourceFile,
  readSourceFiles,
  resolveSourcePath,
  skippedNote,
  workspaceRoots,
  type SourceRead,
} from '../../../src/core/sources';

// A real folder: the root, a file outside it, links in and out, a FIFO, a socket, a folder and a sparse 3 GB file.
let tmp: string;
let root: string;
let socket: Server;
const CODE = 'export const answer = 42;\n';

before(async () => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tersify-sources-')));
  root = join(tmp, 'root');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(tmp, 'outside.txt'), 'a secret outside the root\n');
  writeFileSync(join(root, 'src', 'a.ts'), CODE);
  writeFileSync(join(root, '..notes.md'), 'Notes whose name starts with two dots.\n');
  writeFileSync(join(root, 'logo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  symlinkSync(join(tmp, 'outside.txt'), join(root, 'link-out.txt'));
  symlinkSync(tmp, join(root, 'dir-out'));
  symlinkSync(join('src', 'a.ts'), join(root, 'link-in.ts'));
  symlinkSync('/dev/zero', join(root, 'zero'));
  writeFileSync(join(root, 'big.log'), '');
  truncateSync(join(root, 'big.log'), 3 * 1024 ** 3);
  assert.equal(spawnSync('mkfifo', [join(root, 'pipe')]).status, 0, 'mkfifo');
  socket = createServer();
  await new Promise<void>((done) => socket.listen(join(root, 'sock'), done));
});

after(async () => {
  await new Promise<void>((done) => socket.close(() => done()));
  rmSync(tmp, { recursive: true, force: true });
});

const roots = () => workspaceRoots([{ name: 'root', fsPath: root }]);
const reason = (r: SourceRead) => ('skipped' in r ? r.skipped.reason : 'read');

test('paths are resolved textually first: relative, absolute, file URI, multi-root; "..notes.md" is a name, "../x" is not', () => {
  const one = workspaceRoots([{ name: 'shop', fsPath: '/w/shop' }]);
  const two = workspaceRoots([...one.folders, { name: 'lib', fsPath: '/w/lib' }]);
  assert.deepEqual(resolveSourcePath('src/a.ts', one), { root: 0, segments: ['src', 'a.ts'], display: 'src/a.ts', fsPath: '/w/shop/src/a.ts' });
  assert.deepEqual(resolveSourcePath('./src//a.ts', one), { root: 0, segments: ['src', 'a.ts'], display: 'src/a.ts', fsPath: '/w/shop/src/a.ts' });
  assert.equal((resolveSourcePath('/w/shop/src/a.ts', one) as { display: string }).display, 'src/a.ts');
  assert.equal((resolveSourcePath(pathToFileURL('/w/shop/src/a b.ts').href, one) as { display: string }).display, 'src/a b.ts');
  assert.deepEqual(resolveSourcePath('lib/util.ts', two), { root: 1, segments: ['util.ts'], display: 'lib/util.ts', fsPath: '/w/lib/util.ts' });
  assert.equal((resolveSourcePath('/w/lib/util.ts', two) as { display: string }).display, 'lib/util.ts');
  assert.equal((resolveSourcePath('src/a.ts', two) as { display: string }).display, 'shop/src/a.ts');
  assert.equal((resolveSourcePath('..notes.md', one) as { display: string }).display, '..notes.md');
  for (const outside of ['../secrets.env', 'src/../../lib/x.ts', '/etc/passwd', '/w/shopping/a.ts', 'file:///etc/passwd', '/w/shop', '.']) {
    assert.ok('refused' in resolveSourcePath(outside, one), outside);
  }
  assert.deepEqual(resolveSourcePath('../x', one), { refused: 'outside the workspace folders' });
  assert.deepEqual(resolveSourcePath('https://example.com/a.ts', one), { refused: 'only files in the workspace can be read' });
  assert.deepEqual(resolveSourcePath('/w/shop/', one), { refused: 'a folder, not a file' });
  assert.deepEqual(resolveSourcePath('src/a.ts', workspaceRoots([])), { refused: 'no workspace folder is open' });
  assert.deepEqual(resolveSourcePath('../x', folderRoot('/srv/app')), { refused: 'outside the root /srv/app' });
});

test('real files: a link inside the root to outside is refused, inside to inside is read; "..notes.md" is read', async () => {
  assert.deepEqual(await readSourceFile('src/a.ts', roots()), { source: { path: 'src/a.ts', text: CODE } });
  assert.deepEqual(await readSourceFile('link-in.ts', roots()), { source: { path: 'link-in.ts', text: CODE } });
  assert.deepEqual(await readSourceFile('..notes.md', roots()), { source: { path: '..notes.md', text: 'Notes whose name starts with two dots.\n' } });
  assert.deepEqual(await readSourceFile('link-out.txt', roots()), {
    skipped: { label: 'link-out.txt', reason: 'outside the workspace folders (through a link)' },
  });
  assert.equal(reason(await readSourceFile('dir-out/outside.txt', roots())), 'outside the workspace folders (through a link)');
  assert.equal(reason(await readSourceFile('zero', roots())), 'outside the workspace folders (through a link)');
  assert.deepEqual(await readSourceFile('../outside.txt', roots()), { skipped: { label: '../outside.txt', reason: 'outside the workspace folders' } });
  assert.equal(reason(await readSourceFile(join(tmp, 'outside.txt'), roots())), 'outside the workspace folders');
  assert.equal(reason(await readSourceFile('missing.ts', roots())), 'not found');
});

test('only regular files are opened: FIFOs, sockets, folders and devices are refused with a reason', async () => {
  assert.equal(reason(await readSourceFile('pipe', roots())), 'a FIFO, not a file');
  assert.equal(reason(await readSourceFile('sock', roots())), 'a socket, not a file');
  assert.equal(reason(await readSourceFile('sub', roots())), 'a folder, not a file');
  assert.equal(reason(await readSourceFile('zero', folderRoot('/dev'))), 'a device, not a file');
});

test('the limit is enforced while reading: a 3 GB file is skipped from its size, a file that reports size 0 is cut off', async () => {
  const start = Date.now();
  assert.equal(reason(await readSourceFile('big.log', roots())), 'larger than 2 MB');
  assert.ok(Date.now() - start < 2000, 'not read');
  // /proc files report size 0; reading stops one byte past the limit.
  assert.equal(reason(await readSourceFile('status', folderRoot('/proc/self'), { max: 16 })), 'larger than 0 MB');
  const status = await readSourceFile('status', folderRoot('/proc/self'));
  assert.ok('source' in status && status.source.text.includes('Name:'));
});

test('a batch: in order, the same file once, one skipped note with every reason', async () => {
  const { sources, skipped } = await readSourceFiles(['src/a.ts', './src/a.ts', 'logo.png', 'big.log', 'pipe', '../x', 'link-out.txt', '..notes.md'], roots());
  assert.deepEqual(
    sources.map((s) => s.path),
    ['src/a.ts', '..notes.md'],
  );
  assert.equal(
    skippedNote(skipped, 20),
    'Skipped 5: logo.png (binary), big.log (larger than 2 MB), pipe (a FIFO, not a file), ../x (outside the workspace folders), link-out.txt (outside the workspace folders (through a link)).',
  );
});

test('a file the user picked is read wherever it is, under the same limits and kinds (no root)', async () => {
  assert.deepEqual(await readLocalFile(join(root, 'link-out.txt')), { text: 'a secret outside the root\n' });
  assert.deepEqual(await readLocalFile(join(tmp, 'outside.txt')), { text: 'a secret outside the root\n' });
  assert.deepEqual(await readLocalFile(join(root, 'pipe')), { skip: 'a FIFO, not a file' });
  assert.deepEqual(await readLocalFile(join(root, 'zero')), { skip: 'a device, not a file' });
  assert.deepEqual(await readLocalFile(join(root, 'sub')), { skip: 'a folder, not a file' });
  assert.match(((await readLocalFile(join(root, 'big.log'))) as { skip: string }).skip, /larger than 2 MB/);
  assert.deepEqual(await readLocalFile(join(root, 'nope.ts')), { skip: 'not found' });
  assert.deepEqual(await readLocalFile(join(root, 'src', 'a.ts'), { openText: () => 'edited\n' }), { text: 'edited\n' });
});
