/**
 * `npm run scale-bench [-- --rows 1000000] [--epochs 2] [--trees 20] [--out docs/scaling.json]`: how
 * fast one machine trains the shipped model. Generates `rows` synthetic sessions to a temporary CSV
 * (../data/generate.ts), parses it with the pipeline's parser, encodes it with the `full` encoder, and
 * runs ONE fit of the shipped method on the wasm backend: the teacher's soft targets (5 boosted-tree
 * fits, each cut to `trees` trees) and the cross-fitted net (DEFAULT_NET, one member per inner fold)
 * for a fixed number of epochs, timing each step. Not the 5-fold CV with baselines: that costs about
 * (folds + 1) fits per variant plus the baselines. Writes the numbers as JSON.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { FEATURE_SETS } from '../../../src/features/columns';
import { encodeMany } from '../../../src/features/encode';
import { fitEncoder } from '../../../src/features/fit';
import { initNodeBackend } from '../learners/backend';
import { flags, runMain } from './cli';
import { readUciCsv } from '../data/csv';
import { writeFileAtomically } from '../lib/atomic-write';
import { writeGeneratedCsv } from '../data/generate';
import { knnProbabilities } from '../learners/knn';
import { DEFAULT_NET, trainNet } from '../learners/net';
import { DEFAULT_CV } from '../evaluation/cross-validate';
import { stratifiedFolds } from '../data/random';
import { softTargets } from '../learners/teacher';

const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;
const rssMb = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

runMain(async () => {
  const args = flags({
    rows: { type: 'string', default: '1000000' },
    epochs: { type: 'string', default: '2' },
    trees: { type: 'string', default: '20' },
    out: { type: 'string', default: 'docs/scaling.json' },
  });
  const rows = Number(args.rows);
  const epochs = Number(args.epochs);
  if (!Number.isInteger(rows) || rows < 1000)
    throw new Error(`--rows must be an integer >= 1000, got ${JSON.stringify(args.rows)}`);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`--epochs must be a positive integer, got ${JSON.stringify(args.epochs)}`);
  const trees = Number(args.trees);
  if (!Number.isInteger(trees) || trees < 1)
    throw new Error(`--trees must be a positive integer, got ${JSON.stringify(args.trees)}`);
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const startLoad = Math.round(loadavg()[0] * 100) / 100;
  const backend = await initNodeBackend();
  const dir = mkdtempSync(path.join(tmpdir(), 'intent-scale-'));
  try {
    const file = path.join(dir, 'sessions.csv');
    let t0 = performance.now();
    await writeGeneratedCsv(file, rows, { seed: 1, extras: false });
    const generate = seconds(t0);
    const fileMb = Math.round(statSync(file).size / 2 ** 20);
    log(`generated ${rows} sessions (${fileMb} MB) in ${generate} s`);

    t0 = performance.now();
    const data = readUciCsv(file);
    const parse = seconds(t0);
    log(`parsed in ${parse} s, rss ${rssMb()} MB`);

    // The same inner folds as the shipped final fit: every row trains 4 members and validates one.
    t0 = performance.now();
    const inner = stratifiedFolds(data.labels, DEFAULT_CV.innerFolds, DEFAULT_CV.foldSeed);
    const spec = fitEncoder(data.rows, 'full', FEATURE_SETS.full);
    const X = encodeMany(spec, data.rows);
    const y = data.labels;
    const encode = seconds(t0);
    const d = spec.inputNames.length;
    log(`encoded ${d} inputs in ${encode} s, rss ${rssMb()} MB`);

    // The teacher: each of its fits stops at `trees` trees (no early stopping), so the time per tree is comparable.
    t0 = performance.now();
    const teacher = { ...DEFAULT_CV.teacher, gbt: { ...DEFAULT_CV.teacher.gbt, maxTrees: trees, patience: trees + 1 } };
    const targets = softTargets(X, y, inner, d, teacher);
    const teacherSeconds = seconds(t0);
    const secondsPerTree = Math.round((teacherSeconds / (DEFAULT_CV.innerFolds * trees)) * 1000) / 1000;
    log(
      `teacher: ${DEFAULT_CV.innerFolds} fits x ${trees} trees in ${teacherSeconds} s (${secondsPerTree} s/tree), rss ${rssMb()} MB`,
    );

    const perEpoch: number[] = [];
    let last = performance.now();
    const cfg = { ...DEFAULT_NET, maxEpochs: epochs, patience: epochs + 1 };
    t0 = performance.now();
    await trainNet(X, targets, y, inner, d, cfg, {
      onEpoch: (epoch, loss) => {
        perEpoch.push(seconds(last));
        last = performance.now();
        log(
          `epoch ${epoch}: ${perEpoch[perEpoch.length - 1]} s, validation log-loss ${loss.toFixed(4)}, rss ${rssMb()} MB`,
        );
      },
    });
    const fit = seconds(t0);

    // The full `npm run train` also runs a brute-force k-NN baseline, quadratic in the rows: time a
    // slice (1,000 queries against 100,000 rows) to extrapolate where it stops being affordable.
    const knnTrain = Math.min(100_000, y.length - 1000);
    t0 = performance.now();
    knnProbabilities(X.subarray(0, knnTrain * d), y.slice(0, knnTrain), X.subarray((y.length - 1000) * d), 1000, d, 5);
    const knnPairsPerSecond = Math.round((knnTrain * 1000) / ((performance.now() - t0) / 1000));
    log(`k-NN: ${knnPairsPerSecond} distance pairs/s`);
    const secondsPerEpoch = Math.round((perEpoch.reduce((s, x) => s + x, 0) / perEpoch.length) * 100) / 100;
    const result = {
      what: 'one fit of the shipped full-variant method on generated sessions: teacher (fixed trees) and cross-fitted net (fixed epochs), no early stop, no CV',
      command: `npm run scale-bench -- --rows ${rows} --epochs ${epochs} --trees ${trees}`,
      rows,
      innerFolds: DEFAULT_CV.innerFolds,
      inputs: d,
      epochs,
      trees,
      net: cfg,
      teacher,
      seconds: { generate, parse, encode, teacher: teacherSeconds, fit, perEpoch },
      secondsPerTree,
      secondsPerEpoch,
      // An epoch is one pass over all rows (each trains 4 of the 5 members) plus a validation pass (plain JS).
      trainingSessionsPerSecond: Math.round(rows / secondsPerEpoch),
      knnPairsPerSecond,
      csvMegabytes: fileMb,
      peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
      environment: {
        node: process.versions.node,
        tfjs: tf.version.tfjs,
        backend,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGigabytes: Math.round(totalmem() / 2 ** 30),
        // Other work on the machine slows every figure: the 1-minute load average when the run began and ended.
        loadAverage: { start: startLoad, end: Math.round(loadavg()[0] * 100) / 100 },
      },
      measuredAt: new Date().toISOString().slice(0, 10),
    };
    mkdirSync(path.dirname(args.out as string), { recursive: true });
    writeFileAtomically(args.out as string, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `${rows} sessions, ${d} inputs: ${secondsPerEpoch} s/epoch, ${result.trainingSessionsPerSecond} sessions/s on ${backend}; ${args.out}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
