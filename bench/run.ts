/**
 * `npm run bench` (after `npm run build`): measures the SDK in headless Debian Chromium and writes
 * bench/results.json (every figure and the environment), bench/results.md (the tables) and the README
 * block between `<!-- bench:start -->` and `<!-- bench:end -->`.
 *
 * Every comparison is measured in this run, side by side and interleaved (A, B, A, B, ...), BENCH_RUNS
 * times each (default 10), and reported as median, min and max. Not part of `npm test`: timings depend
 * on the machine, so nothing here asserts; budgets are reported PASS/FAIL in the output only.
 * Env: BENCH_RUNS (default 10), BENCH_PORT (default 4175), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { writeFileAtomically } from '../model/src/lib/atomic-write';
import { DEFAULT_PATHS } from '../model/src/cli/cli';
import { readUciCsv } from '../model/src/data/csv';
import { readMetrics } from '../model/src/docs/generated';
import { replaceBlock } from '../model/src/lib/replace-block';
import {
  firstScore,
  pageLoad,
  PRODUCT_PAGE,
  scoreLatency,
  traceScoredLoad,
  WINDOW_AFTER_LOAD_MS,
  type FirstScoreSample,
  type LatencySample,
  type LoadSample,
  type TaskTrace,
} from './browser';
import type { Variant } from '../src/features/types';
import { ARTIFACT_FILES } from '../src/model/artifact-format';
import { CHROMIUM_LAUNCH } from '../test/helpers/chromium';
import { buildReferences } from './build';
import { renderMarkdown, type Results, type SizeRow } from './report';
import { summarize, summarizeFields } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 4175); // not the e2e suite's 4173: the two can run side by side
const ORIGIN = `http://localhost:${PORT}`;
const SCORE_CALLS = 1000;
/** Traced page loads for the diagnosis of our largest task (a diagnosis, not a comparison: a few suffice). */
const TRACED_RUNS = 3;
const DATA = DEFAULT_PATHS.data;
const LAUNCH = CHROMIUM_LAUNCH;

/** The loading stages, in the order the size table lists them. */
const GROUPS = [
  'always-loaded (script tag)',
  'always-loaded (ESM equivalent)',
  'idle-loaded',
  'lazy (when a score is due)',
  'not loaded by the SDK',
];

/** Which loading stage a dist/ file belongs to. */
function groupOf(file: string): string {
  if (file === 'intent-tracker.min.js') return GROUPS[0];
  if (file === 'index.js') return GROUPS[1];
  if (file === 'intent-scoring.js') return GROUPS[2];
  if (file === 'intent-runtime.js' || file.startsWith('models/')) return GROUPS[3];
  return GROUPS[4];
}

/** One hash over dist/'s files: other people's builds must not swap the files under a running bench unnoticed. */
function distHash(): string {
  const h = createHash('sha256');
  for (const f of distSizes().map((s) => s.file)) h.update(f).update(readFileSync(`dist/${f}`));
  return h.digest('hex');
}

/** Raw, gzip (level 9, as the build's budget check) and brotli (quality 11) bytes of one file. */
function sizeOf(file: string): { raw: number; gzip: number; brotli: number } {
  const data = readFileSync(file);
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Every file the browser can load from dist/ (the .d.ts files in dist/types/ are for compilers only). */
function distSizes(): SizeRow[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return walk('dist')
    .map((p) => path.relative('dist', p).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('types/'))
    .map((file) => ({ file, group: groupOf(file), ...sizeOf(`dist/${file}`) }))
    .sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || a.file.localeCompare(b.file));
}

/** `npm run --silent evaluate` on the training CSV: wall seconds, and the rows/s the CLI prints (scoring only). */
function runEvaluate(): { seconds: number; rowsPerSecond: { full: number; behavioral: number } } {
  const t0 = performance.now();
  const out = execFileSync('npm', ['run', '--silent', 'evaluate', '--', '--data', DATA], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  const m = /\| rows\/s scored \| (\d+) \| (\d+) \|/.exec(out);
  if (!m) throw new Error(`unexpected evaluate output:\n${out}`);
  return { seconds, rowsPerSecond: { full: Number(m[1]), behavioral: Number(m[2]) } };
}

/** Starts scripts/serve.mjs on PORT as a child process; refuses a port someone else already serves. */
async function startServer(): Promise<ChildProcess> {
  const up = () =>
    fetch(`${ORIGIN}/examples/shop/`).then(
      (r) => r.ok,
      () => false,
    );
  if (await up()) throw new Error(`port ${PORT} is already in use; stop that server or set BENCH_PORT`);
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT), '--quiet'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 100 && !exited; i++) {
    if (await up()) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`scripts/serve.mjs did not start on port ${PORT}`);
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function runBench(): Promise<void> {
  const started = performance.now();
  // Other processes on the machine make every timing noisier: record how busy it was.
  const loadAverageAtStart = os.loadavg()[0];
  if (loadAverageAtStart > os.cpus().length)
    log(
      `the machine is busy (load average ${loadAverageAtStart.toFixed(1)} on ${os.cpus().length} CPUs): timings will be noisy`,
    );
  if (!(RUNS >= 1)) throw new Error('BENCH_RUNS must be a positive number');
  try {
    statSync('dist/intent-runtime.js');
  } catch {
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  }

  // 1. Sizes, and the references' bundles.
  const sizes = distSizes();
  const distAtStart = distHash();
  log('building the references (bench/.build/)');
  const refFiles = await buildReferences();
  const refSizes = { tfjs: sizeOf(refFiles.tfjs) };

  // 7. Training (recorded by the last `npm run train`, never rerun here) and evaluation speed. Run
  // before the browser starts so the CLI has the CPU to itself.
  const metrics = readMetrics(DEFAULT_PATHS.artifacts);
  const trainingOf = (v: Variant) => ({
    trainingSeconds: metrics[v].trainingSeconds,
    environment: metrics[v].environment,
    source: `${DEFAULT_PATHS.artifacts}/${v}/${ARTIFACT_FILES.metrics}`,
  });
  log(`timing npm run evaluate x${RUNS}`);
  const evaluations = Array.from({ length: RUNS }, runEvaluate);
  const rows = readUciCsv(DATA).rows;
  const evaluate = {
    command: `npm run --silent evaluate -- --data ${DATA}`,
    rows: rows.length,
    seconds: summarize(evaluations.map((e) => e.seconds)),
    rowsPerSecond: {
      full: summarize(evaluations.map((e) => e.rowsPerSecond.full)),
      behavioral: summarize(evaluations.map((e) => e.rowsPerSecond.behavioral)),
    },
  };
  // 100 real sessions spread over the file, cycled through by the latency loop.
  const records = Array.from({ length: 100 }, (_, i) => rows[Math.floor((i * rows.length) / 100)]);

  const loads: LoadSample[] = [];
  const cold: FirstScoreSample[] = [];
  const warm: FirstScoreSample[] = [];
  const latency: Record<'ours' | 'tfjs', LatencySample[]> = { ours: [], tfjs: [] };
  const traces: TaskTrace[] = [];
  const server = await startServer();
  // The server is our child: stop it however the bench ends (error, Ctrl+C, kill).
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      server.kill();
      process.exit(130);
    });
  let chromiumVersion: string;
  try {
    const browser = await chromium.launch(LAUNCH);
    chromiumVersion = browser.version();
    try {
      // Warm-up, discarded: the first context of a browser and the server's first reads are slower, and
      // would otherwise all land on the first case measured.
      log('warm-up');
      for (const sdk of [true, false]) await pageLoad(browser, ORIGIN, sdk, 1, false);
      const modules = {
        ours: '/dist/intent-runtime.js',
        tfjs: `/${refFiles.tfjs}`,
      } as const;
      for (const k of ['ours', 'tfjs'] as const) await scoreLatency(browser, ORIGIN, modules[k], records, SCORE_CALLS);

      // 2 + 5. Page loads with / without the SDK, normal CPU then 4x throttled, interleaved; heap at normal speed.
      for (let i = 0; i < RUNS; i++) {
        log(`page loads ${i + 1}/${RUNS}`);
        for (const throttle of [1, 4]) {
          for (const sdk of [true, false]) loads.push(await pageLoad(browser, ORIGIN, sdk, throttle, throttle === 1));
        }
      }
      // 3. First score at idle: cold (new context), then warm (same context, next page view), interleaved.
      for (let i = 0; i < RUNS; i++) {
        log(`first score ${i + 1}/${RUNS}`);
        const c = await firstScore(browser, ORIGIN, null);
        cold.push(c.sample);
        warm.push((await firstScore(browser, ORIGIN, c.page)).sample);
        await c.page.context().close();
      }
      // 4 + 6. Score latency: ours and default tfjs, interleaved.
      for (let i = 0; i < RUNS; i++) {
        log(`score latency ${i + 1}/${RUNS}`);
        for (const k of ['ours', 'tfjs'] as const)
          latency[k].push(await scoreLatency(browser, ORIGIN, modules[k], records, SCORE_CALLS));
      }
      // Diagnosis: how close our largest main-thread task comes to the 50 ms long-task line at 4x.
      log(`traced page loads x${TRACED_RUNS}`);
      for (let i = 0; i < TRACED_RUNS; i++) traces.push(await traceScoredLoad(browser, ORIGIN, 4));
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }

  const pick = (sdk: boolean, throttle: number) => loads.filter((l) => l.sdk === sdk && l.throttle === throttle);
  const loadFields = ['fcp', 'lcp', 'load', 'longTasks', 'tbt', 'sdkLongTasks', 'sdkTbt'] as const;
  const summaryAt = (t: number) => ({
    with: summarizeFields(pick(true, t), loadFields),
    without: summarizeFields(pick(false, t), loadFields),
    scoredAfterLoad: summarize(pick(true, t).flatMap((l) => (l.scoredAfterLoad === null ? [] : [l.scoredAfterLoad]))),
    sdkWorkDone: pick(true, t).filter((l) => l.scoredAfterLoad !== null && l.runtimeLoaded).length,
    sdkLongTaskRuns: pick(true, t).filter((l) => l.sdkLongTasks > 0).length,
    culprits: pick(true, t).flatMap((l) => l.culprits),
  });
  const heap = {
    with: summarize(pick(true, 1).map((l) => l.heapBytes ?? NaN)),
    without: summarize(pick(false, 1).map((l) => l.heapBytes ?? NaN)),
  };
  const ours = latency.ours;
  const agreement = (k: 'tfjs') =>
    Math.max(...latency[k].flatMap((s, i) => s.probabilities.map((p, j) => Math.abs(p - ours[i].probabilities[j]))));
  const latencyOf = (k: 'ours' | 'tfjs') => ({
    ...summarizeFields(latency[k], ['p50', 'p99', 'first', 'max', 'loadMs']),
    crossOriginIsolated: latency[k].every((s) => s.isolated),
    ...(k === 'ours' ? {} : { maxProbabilityDifferenceFromOurs: agreement(k) }),
  });
  const timings = (s: LatencySample) => ({ p50: s.p50, p99: s.p99, first: s.first, max: s.max, loadMs: s.loadMs });

  const results: Results = {
    generatedAt: new Date().toISOString(),
    environment: {
      chromium: chromiumVersion,
      headless: true,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      playwright: (
        JSON.parse(readFileSync('node_modules/@playwright/test/package.json', 'utf8')) as { version: string }
      ).version,
      loadAverage: { start: loadAverageAtStart, end: os.loadavg()[0] },
      distChangedDuringRun: distHash() !== distAtStart,
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      uncommittedChanges:
        execFileSync('git', ['status', '--porcelain', '--', 'src', 'model/artifacts', 'rollup.config.mjs'], {
          encoding: 'utf8',
        }).trim() !== '',
    },
    method: {
      runs: RUNS,
      scoreCalls: SCORE_CALLS,
      windowAfterLoadMs: WINDOW_AFTER_LOAD_MS,
      page: PRODUCT_PAGE,
      variant: 'full',
    },
    budgets: JSON.parse(readFileSync('budgets.json', 'utf8')) as Results['budgets'],
    sizes,
    references: {
      tfjs: { file: refFiles.tfjs, ...refSizes.tfjs },
    },
    pageLoad: { '1x': summaryAt(1), '4x': summaryAt(4) },
    heap,
    largestTask4x: {
      taskMs: summarize(traces.map((x) => x.taskMs)),
      largest: traces.reduce((a, b) => (b.taskMs > a.taskMs ? b : a)),
    },
    firstScore: {
      cold: summarize(cold.map((s) => s.ms)),
      warm: summarize(warm.map((s) => s.ms)),
      failures: [...cold, ...warm].filter((s) => s.probability === null).length,
      errors: [...new Set([...cold, ...warm].flatMap((s) => (s.error ? [s.error] : [])))],
    },
    latency: { ours: latencyOf('ours'), tfjs: latencyOf('tfjs') },
    training: { full: trainingOf('full'), behavioral: trainingOf('behavioral') },
    evaluate,
    samples: {
      loads,
      cold,
      warm,
      latency: {
        ours: latency.ours.map(timings),
        tfjs: latency.tfjs.map(timings),
      },
    },
    totalSeconds: 0,
  };
  results.totalSeconds = (performance.now() - started) / 1000;

  const md = renderMarkdown(results);
  writeFileAtomically('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomically('bench/results.md', `# Benchmark results\n\n${md.body}\n`);
  writeFileAtomically('README.md', replaceBlock(readFileSync('README.md', 'utf8'), 'bench', md.body));
  process.stdout.write(`${md.body}\n`);
  log(
    `done in ${results.totalSeconds.toFixed(0)} s: ${md.failed.length ? `budgets FAILED: ${md.failed.join('; ')}` : 'all budgets pass'}`,
  );
}

runBench().catch((e: unknown) => {
  process.stderr.write(`[bench] failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
