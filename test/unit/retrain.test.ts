import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseUciCsv } from '../../model/src/data/csv';
import { appendBase, featureSetFor, rowsFor, UNKNOWN_CATEGORY } from '../../model/src/data/training-data';
import { FEATURE_SETS } from '../../src/features/columns';
import { loadModel } from '../../src/model/runtime';
import { shopCsv } from '../helpers/generate-shop';
import { runCli, tempDir, tempFile } from '../helpers/cli';
import { HEADER, csvLine, record } from '../helpers/records';
import { folderFetch } from '../helpers/static-host';

// The feedback loop's model half end to end: a shop's export (UCI schema + the SDK's columns) trains
// with the same pipeline, and the SDK's runtime loads the result from modelBaseUrl.

const train = (args: string[]) => runCli('train', args);

const text = shopCsv();
const data = parseUciCsv(text, 'shop.csv');

test('a retrain on a shop export adds its browser family and traffic source, and the runtime scores it as training did', async (t) => {
  const file = tempFile('shop.csv', text);
  const out = path.join(tempDir(), 'models');
  const t0 = Date.now();
  const r = train(['--data', file, '--out', out, '--quick']);
  t.diagnostic(`train --quick on ${data.rows.length} rows: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /extra categorical inputs from the file: browserFamily, trafficSource/);
  assert.match(r.stderr, /full: \d+ rows without page statistics \(hasPageStats FALSE\) left out/);
  assert.deepEqual(readdirSync(out).sort(), ['MODEL.md', 'behavioral', 'charts', 'full']);

  for (const variant of ['full', 'behavioral'] as const) {
    const metrics = JSON.parse(readFileSync(path.join(out, variant, 'metrics.json'), 'utf8'));
    const rows = rowsFor(variant, data);
    assert.equal(metrics.data.rows, rows.rows.length);
    assert.equal(metrics.evaluation.folds, 3, '--quick is recorded');
    assert.equal(metrics.quick, true, 'metrics.json says the run was quick');
    // The generated intent shows in a session's totals; a page or two into the visit little of it has
    // (the mid-visit figures of synthetic sessions say nothing), so learning is checked on the totals.
    assert.ok(
      metrics.totals.model.rocAuc > 0.7,
      `${variant}: out-of-fold ROC AUC ${metrics.totals.model.rocAuc} on the totals shows the generated signal was learnt`,
    );
    assert.equal(metrics.ablation, null, 'no ablation on constant codes');

    const m = await loadModel('file-base', variant, { fetch: folderFetch('file-base', out) });
    assert.equal(m.modelVersion, metrics.modelVersion);
    assert.ok(m.inputNames.includes('browserFamily=Safari') && m.inputNames.includes('trafficSource=email'));
    // The runtime reproduces the probabilities recorded at training time for the same rows.
    metrics.sample.rows.forEach((i: number, k: number) => {
      const p = m.score(rows.rows[i]);
      assert.ok(
        Math.abs(p - metrics.sample.probabilities[k]) < 1e-5,
        `${variant} row ${i}: ${p} vs ${metrics.sample.probabilities[k]}`,
      );
    });
    // The leave-risk net retrains with it, on the same encoder, and the runtime reproduces it too.
    metrics.leaveRisk.sample.rows.forEach((i: number, k: number) => {
      const l = m.leaveRisk(rows.rows[i]);
      assert.ok(
        l !== null && Math.abs(l - metrics.leaveRisk.sample.probabilities[k]) < 1e-5,
        `${variant} row ${i}: leave risk ${l} vs ${metrics.leaveRisk.sample.probabilities[k]}`,
      );
    });
    const shopper = record({ browserFamily: 'Safari', trafficSource: 'email' });
    const p = m.score(shopper);
    assert.ok(p > 0 && p < 1);
    // A browser the shop never saw encodes as the training mix of browsers: a valid score, not an error.
    assert.ok(m.score({ ...shopper, browserFamily: 'Lynx' }) > 0);
    // The SDK must fill the new columns: without them scoring fails naming the column.
    assert.throws(() => m.score(record()), /browserFamily is missing/);
    m.dispose();
  }

  const card = readFileSync(path.join(out, 'MODEL.md'), 'utf8');
  assert.match(card.slice(0, 600), /\*\*A quick run\*\*/, 'the card says so at the top');
  // A shop's own data is compared with its own baselines, not with the UCI targets.
  assert.doesNotMatch(card, /target >=/);
  assert.match(card, /boosted trees on the same states/);
  assert.match(card, /\*\*Your sessions only\.\*\*/);

  const evaluated = runCli('evaluate', ['--data', file, '--artifacts', out, '--format', 'json']);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.ok(JSON.parse(evaluated.stdout).variants.behavioral.rocAuc > 0.7);
});

test('too few purchases for the folds is one clear line, and nothing is written', () => {
  // Keep 10 purchases: 3-fold CV (--quick) needs 15, i.e. 5 per fold. Revenue is the 18th column.
  let kept = 0;
  const lines = text
    .trim()
    .split('\n')
    .map((line, i) => {
      const cells = line.split(',');
      if (i > 0 && cells[17] === 'TRUE' && ++kept > 10) cells[17] = 'FALSE';
      return cells.join(',');
    });
  const file = tempFile('few.csv', `${lines.join('\n')}\n`);
  const out = path.join(tempDir(), 'models');
  const r = train(['--data', file, '--out', out, '--quick']);
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.trim().split('\n'), [
    `error: ${file}: column Revenue: only 10 purchases (TRUE) and 1490 non-purchases (FALSE); 3-fold cross-validation needs at least 15 of each (5 per fold): collect more sessions, or add --include-base`,
  ]);
  assert.equal(existsSync(out), false);
});

test('full trains only on rows with page statistics; behavioral on all', () => {
  const csv = [
    `${HEADER},hasPageStats,browserFamily`,
    `${csvLine(true)},TRUE,Chrome`,
    `${csvLine(false)},FALSE,"Safari, mobile"`,
    `${csvLine(false)},TRUE,Chrome`,
  ].join('\n');
  const d = parseUciCsv(csv, 'x.csv');
  assert.deepEqual(d.hasPageStats, [true, false, true]);
  assert.deepEqual(d.extraColumns, ['browserFamily']);
  assert.equal(d.rows[1].browserFamily, 'Safari, mobile', 'quoted commas survive');
  assert.deepEqual(rowsFor('full', d).labels, [1, 0]);
  assert.equal(rowsFor('behavioral', d), d);
  assert.deepEqual(featureSetFor('full', d).categorical, ['Month', 'VisitorType', 'browserFamily']);
  // The UCI file alone: nothing changes, the shipped feature sets are used as they are.
  const uci = parseUciCsv([HEADER, csvLine(true), csvLine(false)].join('\n'), 'uci.csv');
  assert.equal(featureSetFor('full', uci), FEATURE_SETS.full);
  assert.equal(rowsFor('full', uci), uci);
});

test('--include-base appends the shipped rows with an unknown browser and traffic source, and real page statistics', () => {
  const own = parseUciCsv(
    [`${HEADER},hasPageStats,trafficSource`, `${csvLine(true)},FALSE,email`].join('\n'),
    'own.csv',
  );
  const base = parseUciCsv([HEADER, csvLine(false), csvLine(true)].join('\n'), 'base.csv');
  const all = appendBase(own, base);
  assert.deepEqual(all.labels, [1, 0, 1]);
  assert.deepEqual(
    all.rows.map((r) => r.trafficSource),
    ['email', UNKNOWN_CATEGORY, UNKNOWN_CATEGORY],
  );
  assert.deepEqual(all.hasPageStats, [false, true, true]);
  assert.deepEqual(all.extraColumns, ['trafficSource']);
});
