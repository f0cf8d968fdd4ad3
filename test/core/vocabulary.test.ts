import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compress } from '../../src/core/compress';
import { resolveLanguage } from '../../src/core/code/languages';
import { isProseLanguage, PROSE_LANGUAGE_IDS } from '../../src/core/vocabulary';

test('one list of prose language ids for the engine and the editor', () => {
  for (const id of ['plaintext', 'markdown', 'log', 'scminput', 'text', 'txt', 'md', 'prose', '', 'Markdown']) assert.ok(isProseLanguage(id), id);
  for (const id of ['typescript', 'python', 'json', 'shellscript']) assert.ok(!isProseLanguage(id), id);
  for (const id of PROSE_LANGUAGE_IDS) {
    const r = resolveLanguage({ language: id });
    assert.equal(r.unsupported, undefined, `"${id}" is prose, not an unsupported code language`);
    assert.equal(r.id, undefined, id);
  }
});

test('an editor prose id (log, commit message) is prose for the engine too, not unsupported code', async () => {
  const text = 'The build failed at step three because the cache was cold, so we retried it twice.';
  for (const language of ['log', 'scminput']) {
    const r = await compress(text, { language, rate: 0.5 });
    assert.equal(r.mode, 'text', language);
    assert.ok(!r.notes.some((n) => n.includes('not supported')), `${language}: ${r.notes.join('; ')}`);
  }
});
