import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runCli } from '../helpers/cli';
import { readMetrics } from '../../model/src/docs/generated';
import { DEFAULT_PATHS } from '../../model/src/cli/cli';

const KEYS = ['rocAuc', 'prAuc', 'f1', 'precision', 'recall', 'accuracy', 'brier', 'ece', 'threshold'];

test('npm run --silent evaluate -- --format json prints exactly one JSON object in the contract shape', () => {
  const r = spawnSync('npm', ['run', '--silent', 'evaluate', '--', '--data', DEFAULT_PATHS.data, '--format', 'json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'one line');
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['rows', 'variants']);
  assert.equal(out.rows, 9864);
  assert.deepEqual(Object.keys(out.variants), ['full', 'behavioral']);
  const metrics = readMetrics(DEFAULT_PATHS.artifacts);
  for (const v of ['full', 'behavioral'] as const) {
    assert.deepEqual(Object.keys(out.variants[v]), KEYS);
    for (const k of KEYS) assert.equal(typeof out.variants[v][k], 'number', `${v}.${k}`);
    assert.equal(out.variants[v].threshold, metrics[v].shipped.threshold);
    // In-sample on the training file: at least as good as the out-of-fold estimate, give or take noise.
    assert.ok(out.variants[v].rocAuc > metrics[v].cv.rocAuc - 0.02);
  }
});

test('evaluate without --format json prints a readable table', () => {
  const r = runCli('evaluate', ['--data', DEFAULT_PATHS.data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\| metric \| full \| behavioral \|/);
  assert.match(r.stdout, /\| rocAuc \| 0\.\d{4} \| 0\.\d{4} \|/);
});

test('evaluate rejects an unknown flag with one line naming it', () => {
  const r = runCli('evaluate', ['--data', DEFAULT_PATHS.data, '--fromat', 'json']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.trim(), /^error: .*--fromat/);
});

test('evaluate --page-view 3 scores each session as it looks at page view 3: the figures the card prints in-sample', () => {
  const r = spawnSync(
    'npm',
    ['run', '--silent', 'evaluate', '--', '--data', DEFAULT_PATHS.data, '--page-view', '3', '--format', 'json'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['rows', 'variants'], 'the same JSON contract');
  const metrics = readMetrics(DEFAULT_PATHS.artifacts);
  for (const v of ['full', 'behavioral'] as const) {
    const card = metrics[v].inSample.find((s) => s.at === 3)!;
    assert.equal(out.rows, card.sessions, 'the sessions still going at page view 3');
    assert.equal(out.rows, metrics[v].pageViews.find((p) => p.at === 3)!.sessions);
    for (const k of ['rocAuc', 'prAuc', 'brier', 'ece'] as const)
      assert.equal(out.variants[v][k], card[k], `${v}.${k}`);
  }
});

test('evaluate --page-view takes a page view of 1 or more, or last, and says so otherwise', () => {
  const r = runCli('evaluate', ['--data', DEFAULT_PATHS.data, '--page-view', '0']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.trim(), /^error: --page-view must be a page view \(1, 2, 3, \.\.\.\) or last, got "0"$/);
});
