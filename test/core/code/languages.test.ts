/** Language resolution: explicit id → fence tag → extension → content sniffing; prose is not code. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGUAGE_TABLE, resolveLanguage, SUPPORTED_LANGUAGES } from '../../../src/core/code';
import { fixtures } from './helpers';

test('the supported ids include every VS Code id the issue names', () => {
  for (const id of [
    'typescript',
    'typescriptreact',
    'javascript',
    'javascriptreact',
    'python',
    'java',
    'go',
    'rust',
    'c',
    'cpp',
    'csharp',
    'ruby',
    'php',
    'shellscript',
  ]) {
    assert.ok(SUPPORTED_LANGUAGES.includes(id), id);
  }
  assert.equal(new Set(LANGUAGE_TABLE.map((r) => r.id)).size, LANGUAGE_TABLE.length);
});

test('explicit ids, fence tags and extensions', () => {
  assert.deepEqual(resolveLanguage({ language: 'python' }), { id: 'python', source: 'explicit' });
  assert.equal(resolveLanguage({ language: 'Java' }).id, 'java');
  assert.equal(resolveLanguage({ fenceTag: 'py' }).id, 'python');
  assert.equal(resolveLanguage({ fenceTag: 'ts' }).id, 'typescript');
  assert.equal(resolveLanguage({ fenceTag: 'c++' }).id, 'cpp');
  assert.equal(resolveLanguage({ fenceTag: 'c#' }).id, 'csharp');
  assert.equal(resolveLanguage({ fenceTag: 'bash' }).id, 'shellscript');
  assert.equal(resolveLanguage({ fenceTag: 'tsx' }).source, 'fence');
  assert.equal(resolveLanguage({ filename: 'src/app/Main.java' }).id, 'java');
  assert.equal(resolveLanguage({ filename: 'C:\\code\\lib.rs' }).id, 'rust');
  assert.equal(resolveLanguage({ filename: 'Rakefile' }).id, 'ruby');
  assert.equal(resolveLanguage({ filename: 'x.hpp' }).id, 'cpp');
  assert.equal(resolveLanguage({ filename: 'x.jsx' }).id, 'javascriptreact');
  // the explicit id wins over the rest
  assert.equal(resolveLanguage({ language: 'go', fenceTag: 'py', filename: 'a.rs' }).id, 'go');
});

test('unsupported names are reported, and resolution goes on', () => {
  const r = resolveLanguage({ language: 'cobol', filename: 'a.py' });
  assert.equal(r.id, 'python');
  assert.equal(r.unsupported, 'cobol');
  const f = resolveLanguage({ fenceTag: 'haskell' });
  assert.deepEqual(f, { id: undefined, source: 'none', unsupported: 'haskell' });
});

test('content sniffing finds the language of every fixture', () => {
  for (const f of fixtures()) {
    if (f.name === 'bugs2fix.java') continue;
    const r = resolveLanguage({ text: f.text });
    const expected = f.language.replace('typescriptreact', 'typescript').replace('javascriptreact', 'javascript');
    assert.equal(r.source, 'content', f.name);
    assert.equal(r.id, expected, f.name);
  }
  assert.equal(resolveLanguage({ text: '#!/usr/bin/env python3\nprint("hi")\n' }).id, 'python');
  assert.equal(resolveLanguage({ text: '#!/bin/bash\necho hi\n' }).id, 'shellscript');
  assert.equal(resolveLanguage({ text: '<?php echo 1;' }).id, 'php');
});

test('ordinary English is not code', () => {
  const prose = [
    'The quarterly report shows revenue grew by 12% while costs stayed flat. We should import more data from the regional offices before the review.',
    'To define a function in Python you use the def keyword, then the name, then parentheses. Return values are optional.\n\nIf the class is public, import it from the package.',
    "Dear team,\n\nPlease find attached the minutes of Monday's meeting. Action items: (1) update the roadmap; (2) schedule the launch.\n\nThanks,\nAnna",
    '# Release notes\n\n- Fixed a crash when opening large files.\n- Faster startup.\n- The `--rate` option now accepts 0.1 to 1.',
    'func is short for function in some languages; fn in others. Package managers package code.',
    '',
  ];
  for (const text of prose) {
    assert.deepEqual(resolveLanguage({ text }), { id: undefined, source: 'none', unsupported: undefined }, text.slice(0, 40));
  }
});
