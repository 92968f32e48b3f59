import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileHandler, loadVariant } from '../../model/src/artifacts/model-files';
import { initNodeBackend } from '../../model/src/learners/backend';
import { DEFAULT_PATHS } from '../../model/src/cli/cli';
import { readUciCsv } from '../../model/src/data/csv';
import { readMetrics } from '../../model/src/docs/generated';
import { predict } from '../../model/src/learners/net';
import { encodeMany } from '../../src/features/encode';
import { ARTIFACT_FILES, WEIGHTS_FILES } from '../../src/model/artifact-format';

const metrics = readMetrics(DEFAULT_PATHS.artifacts);
const data = readUciCsv(DEFAULT_PATHS.data);

/**
 * Loads a committed model file with full tfjs (`model.json` when `file` is undefined) and checks it
 * reproduces the sample recorded at training time; returns the model for the caller to dispose.
 */
async function reproducesSample(
  dir: string,
  file: string | undefined,
  sample: { rows: number[]; probabilities: number[] },
): Promise<tf.LayersModel> {
  await initNodeBackend();
  const model = await tf.loadLayersModel(fileHandler(dir, file));
  const encoder = JSON.parse(readFileSync(path.join(dir, ARTIFACT_FILES.encoder), 'utf8'));
  const { rows, probabilities } = sample;
  assert.ok(rows.length >= 10);
  const records = rows.map((i) => data.rows[i]);
  const p = predict(model, encodeMany(encoder, records), rows.length, encoder.inputNames.length);
  p.forEach((x, k) =>
    assert.ok(Math.abs(x - probabilities[k]) < 1e-5, `row ${rows[k]}: ${x} vs recorded ${probabilities[k]}`),
  );
  return model;
}

for (const variant of ['full', 'behavioral'] as const) {
  const dir = path.join(DEFAULT_PATHS.artifacts, variant);

  test(`${variant}: the committed model loads with tf.loadLayersModel and reproduces its recorded scores`, async () => {
    (await reproducesSample(dir, undefined, metrics[variant].sample)).dispose();
  });

  test(`${variant}: the committed leave-risk model loads with tf.loadLayersModel and reproduces its recorded leave risks`, async () => {
    (await reproducesSample(dir, ARTIFACT_FILES.leaveModel, metrics[variant].leaveRisk.sample)).dispose();
    const json = JSON.parse(readFileSync(path.join(dir, ARTIFACT_FILES.leaveModel), 'utf8'));
    assert.deepEqual(json.weightsManifest[0].paths, [ARTIFACT_FILES.leaveWeights]);
    assert.equal(json.userDefinedMetadata.target, metrics[variant].leaveRisk.target);
    assert.equal(json.userDefinedMetadata.modelVersion, metrics[variant].modelVersion);
    assert.equal(
      statSync(path.join(dir, ARTIFACT_FILES.leaveWeights)).size,
      metrics[variant].leaveRisk.shipped.weightsBytes,
    );
  });

  test(`${variant}: artifacts are consistent and small (weights <= 20 KB)`, async () => {
    const { model, encoder, metadata } = await loadVariant(dir);
    assert.equal(metadata.variant, variant);
    assert.equal(encoder.variant, variant);
    assert.equal(metadata.modelVersion, metrics[variant].modelVersion);
    assert.equal(metadata.threshold, metrics[variant].shipped.threshold);
    assert.deepEqual(encoder.inputNames, metrics[variant].inputs);
    assert.deepEqual(model.inputs[0].shape, [null, encoder.inputNames.length]);
    const weights = WEIGHTS_FILES.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
    assert.ok(weights <= 20 * 1024, `${variant}: ${weights} bytes of weights (purchase and leave risk)`);
    assert.ok(
      !encoder.inputNames.some((n: string) => /OperatingSystems|Browser|Region|TrafficType/.test(n)),
      'no anonymised codes',
    );
    if (variant === 'behavioral')
      assert.ok(!encoder.inputNames.some((n: string) => /BounceRates|ExitRates|PageValues/.test(n)));
    model.dispose();
  });
}

test('the metrics record the training data by its sha256 and the threshold table covers 0.01..0.99', () => {
  for (const m of Object.values(metrics)) {
    assert.equal(m.data.sha256, 'a4112513a0e71c742dacf4fd59785d60bcfb89eafce7a05310497d2f87390f02');
    assert.equal(m.thresholdTable.length, 99);
    assert.equal(m.thresholdTable[0].threshold, 0.01);
    assert.equal(m.thresholdTable[98].threshold, 0.99);
    const shares = m.thresholdTable.map((r) => r.shareBelow);
    assert.deepEqual(
      shares,
      [...shares].sort((a, b) => a - b),
      'share below grows with the threshold',
    );
  }
});

test('the metrics report every page view with its own calibration and threshold table, and say whether the run was quick', () => {
  for (const m of Object.values(metrics)) {
    assert.equal(m.schemaVersion, 4);
    assert.equal(m.quick, false, 'the shipped models come from a full run');
    assert.deepEqual(
      m.pageViews.map((p) => p.at),
      [1, 2, 3, 5, 8, 12, 'last'],
    );
    for (const p of m.pageViews) {
      assert.equal(
        p.reliability.reduce((s, b) => s + b.count, 0),
        p.sessions,
        `${m.variant} k=${p.at}: every session binned`,
      );
      // ECE recomputed from the page view's own reliability bins: calibration is measured per page view.
      const ece = p.reliability.reduce(
        (s, b) => s + (b.count / p.sessions) * Math.abs(b.purchaseRate - b.meanProbability),
        0,
      );
      assert.ok(Math.abs(ece - p.model.ece) < 1e-5, `${m.variant} k=${p.at}: ${ece} vs ${p.model.ece}`);
      assert.equal(p.thresholdTable.length, 99);
      assert.ok(p.sessions <= m.data.rows && p.purchases <= p.sessions);
    }
    const going = m.pageViews.filter((p) => p.at !== 'last').map((p) => p.sessions);
    assert.deepEqual(
      going,
      [...going].sort((a, b) => b - a),
      'fewer sessions are still going at later page views',
    );
  }
});

test('the leave-risk figures: per reported page view, none at the last, calibration per page view, and joint tables that add up', () => {
  for (const m of Object.values(metrics)) {
    for (const p of m.pageViews) {
      const { joint } = p;
      assert.deepEqual([joint.probabilityBins, joint.leaveRiskBins], [100, 10]);
      assert.equal(joint.sessions.length, 100);
      assert.ok(joint.sessions.every((r, a) => r.length === 10 && joint.purchases[a].every((x, b) => x <= r[b])));
      assert.equal(
        joint.sessions.flat().reduce((s, x) => s + x, 0),
        p.sessions,
        `${m.variant} k=${p.at}: sessions`,
      );
      assert.equal(
        joint.purchases.flat().reduce((s, x) => s + x, 0),
        p.purchases,
        `${m.variant} k=${p.at}: buyers`,
      );
      const l = p.leaveRisk;
      if (p.at === 'last') {
        assert.equal(l, null, 'every session leaves at its last page view: nothing to rank');
        continue;
      }
      assert.ok(l);
      assert.equal(l.sessions, p.sessions);
      assert.ok(l.leaving > 0 && l.leaving < l.sessions);
      assert.equal(
        l.reliability.reduce((s, b) => s + b.count, 0),
        l.sessions,
      );
      const ece = l.reliability.reduce(
        (s, b) => s + (b.count / l.sessions) * Math.abs(b.purchaseRate - b.meanProbability),
        0,
      );
      assert.ok(Math.abs(ece - l.model.ece) < 1e-5, `${m.variant} k=${p.at}: ${ece} vs ${l.model.ece}`);
      assert.ok(l.model.rocAuc95.low <= l.model.rocAuc && l.model.rocAuc <= l.model.rocAuc95.high);
      assert.ok(l.model.rocAuc > l.baselines.majority.rocAuc, `${m.variant} k=${p.at}: better than the base rate`);
    }
    assert.equal(m.leaveRisk.cv.rocAucFolds.length, m.evaluation.folds);
    assert.deepEqual(m.leaveRisk.sample.rows, m.sample.rows);
  }
});
