import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compress } from '../../../src/core/compress';
import { disposeModels } from '../../../src/core/text';
import { localEngine } from '../../../src/core/engine';

// Moving the view's rate slider or editing the question must not run the model again: scores do not depend on them.
const doc = [
  '# Release checklist',
  '',
  'Before tagging a release, the maintainer runs the full test suite on every supported platform and checks that the',
  'changelog names each user-visible change. The build server signs the packages; nobody signs them by hand.',
  '',
  '```bash',
  'npm run build && npm test',
  '```',
  '',
  'After the tag is pushed, the release notes are copied from the changelog and the announcement goes to the mailing',
  'list on the following Tuesday, together with the list of contributors who helped since the previous version.',
].join('\n');

test('the same text at another rate or question re-selects from kept scores: no model run, the same output as a fresh run', async () => {
  await disposeModels();
  const first = await compress(doc, { rate: 0.5 });
  assert.ok((first.modelRuns ?? 0) > 0, `the first compression runs the model (modelRuns ${first.modelRuns})`);
  const tighter = await compress(doc, { rate: 0.3 });
  const asked = await compress(doc, { rate: 0.3, question: 'who signs the packages?' });
  assert.equal(tighter.modelRuns, 0, 'a new rate reuses the scores');
  assert.equal(asked.modelRuns, 0, 'a new question reuses the scores');
  await disposeModels();
  const fresh = await compress(doc, { rate: 0.3 });
  assert.ok((fresh.modelRuns ?? 0) > 0, 'after the models are released the scores are computed again');
  assert.equal(tighter.compressed, fresh.compressed, 'kept scores give exactly what a fresh run gives');
  assert.deepEqual(tighter.spans, fresh.spans);
  const freshAsked = await compress(doc, { rate: 0.3, question: 'who signs the packages?' });
  assert.equal(asked.compressed, freshAsked.compressed);
});

test('two concurrent requests for the same text run the model once; another text or aggregation runs it again', async () => {
  await disposeModels();
  const [a, b] = await Promise.all([compress(doc, { rate: 0.5 }), compress(doc, { rate: 0.4 })]);
  assert.ok((a.modelRuns ?? 0) + (b.modelRuns ?? 0) > 0);
  assert.ok(a.modelRuns === 0 || b.modelRuns === 0, `one of them waits for the other's scores (${a.modelRuns}, ${b.modelRuns})`);
  const other = await compress(`${doc}\n\nOne more paragraph that was not there before changes the text.`, { rate: 0.5 });
  assert.ok((other.modelRuns ?? 0) > 0, 'an edited text is scored again');
  const max = await compress(doc, { rate: 0.5, aggregation: 'first' });
  assert.ok((max.modelRuns ?? 0) > 0, 'another subword aggregation is scored again');
  const code = await compress('export function add(a: number, b: number): number {\n  return a + b;\n}\n', { rate: 0.5, language: 'typescript' });
  assert.equal(code.modelRuns, undefined, 'code alone runs no model');
});

test('an aborted compression keeps nothing half-done: the next request scores and succeeds', async () => {
  await disposeModels();
  const controller = new AbortController();
  const p = compress(doc, { rate: 0.5, signal: controller.signal });
  controller.abort();
  await assert.rejects(p);
  const next = await compress(doc, { rate: 0.5 });
  assert.ok(next.compressed.length > 0 && next.compressedTokens <= next.budget);
});

test('warm-up loads the model ahead of time; a missing model folder fails with a one-line error', async () => {
  await disposeModels();
  const warm = await localEngine.warmUp({});
  assert.equal(warm.provider, 'cpu');
  const first = await compress(doc, { rate: 0.5 });
  assert.ok((first.modelRuns ?? 0) > 0, "warm-up scores its own sentence, not the user's text");
  await assert.rejects(localEngine.warmUp({ model: '/nonexistent/tersify-model' }), (e: Error) => !e.message.includes('\n') && /nonexistent/.test(e.message));
});
