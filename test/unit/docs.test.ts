import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULTS } from '../../model/src/cli';
import { generatedDocs, readMetrics } from '../../model/src/docs';

test('the committed training data is the documented file (sha256)', () => {
  const sha = createHash('sha256').update(readFileSync(DEFAULTS.data)).digest('hex');
  assert.equal(sha, 'a4112513a0e71c742dacf4fd59785d60bcfb89eafce7a05310497d2f87390f02');
  assert.match(readFileSync('model/data/README.md', 'utf8'), new RegExp(sha));
});

test('MODEL.md, its charts and the README metrics are exactly what the metrics files generate', () => {
  const docs = generatedDocs(readMetrics(DEFAULTS.artifacts), DEFAULTS.artifacts);
  assert.ok(Object.keys(docs).includes('model/MODEL.md'));
  for (const [file, content] of Object.entries(docs)) {
    assert.equal(readFileSync(file, 'utf8'), content, `${file} is stale or hand-edited: run npm run card`);
  }
});
