import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_PATHS } from '../../model/src/cli/cli';
import { generatedDocs, readMetrics } from '../../model/src/docs/generated';

test('the committed training data is the documented file (sha256)', () => {
  const sha = createHash('sha256').update(readFileSync(DEFAULT_PATHS.data)).digest('hex');
  assert.equal(sha, 'a4112513a0e71c742dacf4fd59785d60bcfb89eafce7a05310497d2f87390f02');
  assert.match(readFileSync('model/data/README.md', 'utf8'), new RegExp(sha));
});

test('MODEL.md, its charts and the README metrics are exactly what the metrics files generate', () => {
  const docs = generatedDocs(readMetrics(DEFAULT_PATHS.artifacts), DEFAULT_PATHS.artifacts);
  assert.ok(Object.keys(docs).includes('model/MODEL.md'));
  for (const [file, content] of Object.entries(docs)) {
    assert.equal(readFileSync(file, 'utf8'), content, `${file} is stale or hand-edited: run npm run card`);
  }
});

test('docs/scaling.md quotes the run recorded in docs/scaling.json (npm run scale-bench)', () => {
  const md = readFileSync('docs/scaling.md', 'utf8');
  const run = JSON.parse(readFileSync('docs/scaling.json', 'utf8'));
  const one = (x: number): string => x.toFixed(1);
  const quoted = [
    `| generate 1M sessions (${run.csvMegabytes} MB CSV) | ${one(run.seconds.generate)} s |`,
    `| parse (\`readUciCsv\`) | ${one(run.seconds.parse)} s |`,
    `encode 1M x ${run.inputs} float32 | ${one(run.seconds.encode)} s |`,
    `| **${one(run.seconds.teacher)} s** (${run.secondsPerTree.toFixed(2)} s per tree) |`,
    `| **${one(run.secondsPerEpoch)} s** (${run.seconds.perEpoch.map(one).join(', ')}) |`,
    `| **${(Math.round(run.trainingSessionsPerSecond / 100) * 100).toLocaleString('en-US')} sessions/s** |`,
    `| ${one(run.knnPairsPerSecond / 1e6)} million distance pairs/s |`,
    `| ${one(run.peakRssMegabytes / 1024)} GB |`,
    `${run.trees} trees`,
    `batch ${run.net.batchSize}`,
    `fixed ${run.epochs} epochs`,
    `(${run.inputs} inputs)`,
    `${run.innerFolds} members x ${run.net.hidden} hidden units`,
    `Machine: ${run.environment.cores} cores`,
    `${run.environment.memoryGigabytes} GB, Node ${run.environment.node}, @tensorflow/tfjs ${run.environment.tfjs}, ${run.environment.backend} backend`,
    `load average ${run.environment.loadAverage.start} at the start, ${run.environment.loadAverage.end} at the end`,
  ];
  for (const text of quoted)
    assert.ok(md.includes(text), `docs/scaling.md does not say "${text}" (from docs/scaling.json)`);
});
