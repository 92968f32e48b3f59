/**
 * Turns bench/run.ts's results into markdown (budgets, sizes, page load, first score, latency, memory,
 * training) for bench/results.md and the README's bench block. Pure functions: no I/O.
 */
import type { Culprit, TaskTrace } from './browser';
import type { Summary } from './stats';
import { VARIANTS, WEIGHTS_FILES } from '../src/model/artifact-format';

export interface SizeRow {
  file: string;
  group: string;
  raw: number;
  gzip: number;
  brotli: number;
}
type Sizes = { raw: number; gzip: number; brotli: number };
type LoadField = 'fcp' | 'lcp' | 'load' | 'longTasks' | 'tbt' | 'sdkLongTasks' | 'sdkTbt';
export interface PageLoadSummary {
  with: Record<LoadField, Summary>;
  without: Record<LoadField, Summary>;
  /** Load event -> the SDK's decision carrying a probability, in the with-SDK runs. */
  scoredAfterLoad: Summary;
  /** With-SDK runs in which the runtime loaded and a score was made inside the window. */
  sdkWorkDone: number;
  /** With-SDK runs with at least one long task during our scripts. */
  sdkLongTaskRuns: number;
  culprits: Culprit[];
}
export interface LatencySummary {
  p50: Summary;
  p99: Summary;
  first: Summary;
  max: Summary;
  loadMs: Summary;
  crossOriginIsolated: boolean;
  maxProbabilityDifferenceFromOurs?: number;
}
export interface Results {
  generatedAt: string;
  environment: {
    chromium: string;
    headless: boolean;
    cpus: number;
    cpuModel: string;
    node: string;
    platform: string;
    playwright: string;
    /** 1-minute load average (os.loadavg) when the bench started and ended: above the CPU count, other processes competed. */
    loadAverage: { start: number; end: number };
    /** dist/ was rebuilt while the bench ran: figures may mix two builds. */
    distChangedDuringRun: boolean;
    commit: string;
    uncommittedChanges: boolean;
  };
  method: { runs: number; scoreCalls: number; windowAfterLoadMs: number; page: string; variant: string };
  budgets: { alwaysLoadedGzipBytes: number; lazyChunkGzipBytes: number; weightsBytesPerVariant: number };
  sizes: SizeRow[];
  references: Record<'tfjs', Sizes & { file: string }>;
  pageLoad: Record<'1x' | '4x', PageLoadSummary>;
  heap: { with: Summary; without: Summary };
  /** Traced diagnosis: per run, the task in which our code took the most time (4x throttled), and the largest of them. */
  largestTask4x: { taskMs: Summary; largest: TaskTrace };
  /** `failures`: runs whose score() gave no probability; `errors`: what it rejected with. */
  firstScore: { cold: Summary; warm: Summary; failures: number; errors: string[] };
  latency: Record<'ours' | 'tfjs', LatencySummary>;
  training: Record<'full' | 'behavioral', { trainingSeconds: number; environment: unknown; source: string }>;
  evaluate: { command: string; rows: number; seconds: Summary; rowsPerSecond: Record<'full' | 'behavioral', Summary> };
  samples: unknown;
  totalSeconds: number;
}

/** The timing budgets of issue 5 (the size budgets come from budgets.json). */
export const TIMING_BUDGETS = {
  sdkLongTasks: 0,
  tbtAdded4xMs: 10,
  firstScoreColdMs: 300,
  scoreP50Ms: 0.1,
  heapAddedBytes: 5 * 1024 * 1024,
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const kb = (n: number) => `${fixed(n / 1024, 1)} KB`;
/** "median (min–max)". */
const range = (s: Summary, d = 0) => `${fixed(s.median, d)} (${fixed(s.min, d)}–${fixed(s.max, d)})`;
const intRange = (s: Summary) => `${int(s.median)} (${int(s.min)}–${int(s.max)})`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** The markdown body (for results.md and the README block) and the names of the failed budgets. */
export function renderMarkdown(r: Results): { body: string; failed: string[] } {
  const size = (file: string) => r.sizes.find((s) => s.file === file) ?? { raw: NaN, gzip: NaN, brotli: NaN };
  const runtimeGz = size('intent-runtime.js').gzip;
  const pl = r.pageLoad;
  const added = (t: '1x' | '4x', f: LoadField) => pl[t].with[f].median - pl[t].without[f].median;
  const valid = (t: '1x' | '4x') => pl[t].sdkWorkDone === r.method.runs;
  const invalid = (t: '1x' | '4x') =>
    valid(t) ? '' : ` (INVALID: the SDK scored inside the window in ${pl[t].sdkWorkDone}/${r.method.runs} runs)`;
  const heapAdded = r.heap.with.median - r.heap.without.median;

  // [budget, limit, measured, pass]
  const budgets: [string, string, string, boolean][] = [
    [
      'always-loaded gzip: intent-tracker.min.js',
      `<= ${kb(r.budgets.alwaysLoadedGzipBytes)}`,
      kb(size('intent-tracker.min.js').gzip),
      size('intent-tracker.min.js').gzip <= r.budgets.alwaysLoadedGzipBytes,
    ],
    [
      'always-loaded gzip: index.js (ESM equivalent)',
      `<= ${kb(r.budgets.alwaysLoadedGzipBytes)}`,
      kb(size('index.js').gzip),
      size('index.js').gzip <= r.budgets.alwaysLoadedGzipBytes,
    ],
    [
      'lazy inference chunk gzip: intent-runtime.js',
      `<= ${kb(r.budgets.lazyChunkGzipBytes)}`,
      kb(runtimeGz),
      runtimeGz <= r.budgets.lazyChunkGzipBytes,
    ],
    ...VARIANTS.map((v): [string, string, string, boolean] => {
      const w = WEIGHTS_FILES.reduce((n, f) => n + size(`models/${v}/${f}`).raw, 0);
      return [
        `model weights: ${v}/${WEIGHTS_FILES.join(' + ')}`,
        `<= ${kb(r.budgets.weightsBytesPerVariant)}`,
        kb(w),
        w <= r.budgets.weightsBytesPerVariant,
      ];
    }),
    // A count budget of 0 means none in any run: judged on the max, not the median.
    ...(['1x', '4x'] as const).map((t): [string, string, string, boolean] => {
      const s = pl[t].with.sdkLongTasks;
      const runs = pl[t].sdkLongTaskRuns;
      return [
        `long tasks from the SDK during load, ${t === '1x' ? 'normal CPU' : '4x throttled'} (every run)`,
        '0',
        `${runs ? `${fixed(s.max, 0)} in ${runs}/${r.method.runs} runs, median ${fixed(s.median, 0)}` : `0 in all ${r.method.runs} runs`}${invalid(t)}`,
        valid(t) && s.max <= TIMING_BUDGETS.sdkLongTasks,
      ];
    }),
    [
      'total blocking time added, 4x throttled',
      `<= ${TIMING_BUDGETS.tbtAdded4xMs} ms`,
      `${fixed(added('4x', 'tbt'), 0)} ms${invalid('4x')}`,
      valid('4x') && added('4x', 'tbt') <= TIMING_BUDGETS.tbtAdded4xMs,
    ],
    [
      'first score after idle, cold',
      `<= ${TIMING_BUDGETS.firstScoreColdMs} ms`,
      `${range(r.firstScore.cold)} ms`,
      r.firstScore.failures === 0 && r.firstScore.cold.median <= TIMING_BUDGETS.firstScoreColdMs,
    ],
    [
      'score() p50',
      `<= ${TIMING_BUDGETS.scoreP50Ms} ms`,
      `${range(r.latency.ours.p50, 3)} ms`,
      r.latency.ours.p50.median <= TIMING_BUDGETS.scoreP50Ms,
    ],
    [
      'JS heap added after the first score',
      `<= ${fixed(TIMING_BUDGETS.heapAddedBytes / 2 ** 20, 0)} MB`,
      `${fixed(heapAdded / 2 ** 20, 2)} MB${invalid('1x')}`,
      valid('1x') && heapAdded <= TIMING_BUDGETS.heapAddedBytes,
    ],
  ];
  const failed = budgets.filter((b) => !b[3]).map((b) => `${b[0]}: ${b[2]} (budget ${b[1]})`);

  const e = r.environment;
  const out: string[] = [];
  out.push(
    `Measured ${r.generatedAt.slice(0, 10)} in headless Chromium ${e.chromium} on ${e.cpus} CPUs (${e.cpuModel}), Node ${e.node}, commit ${e.commit}${e.uncommittedChanges ? ' with uncommitted changes' : ''}. ` +
      `${r.method.runs} runs of each figure, the compared cases interleaved (A, B, A, B, ...); cells are median (min–max). ` +
      `The bench took ${fixed(r.totalSeconds, 0)} s after the build; 1-minute load average ${fixed(e.loadAverage.start, 1)} at the start, ${fixed(e.loadAverage.end, 1)} at the end` +
      // Only the start counts as other work: the end's load average includes the bench's own browsers.
      `${e.loadAverage.start > e.cpus ? ' (**busy machine: other processes competed for the CPUs, timings are noisier than usual**)' : ''}. ` +
      `${e.distChangedDuringRun ? '**dist/ was rebuilt while the bench ran: the figures may mix two builds; run it again.** ' : ''}` +
      'Figures: `bench/results.json`; definitions below the tables.',
  );

  out.push(
    '',
    '### Budgets',
    '',
    table(
      ['budget', 'limit', 'measured', 'result'],
      budgets.map((b) => [b[0], b[1], b[2], b[3] ? 'PASS' : '**FAIL**']),
    ),
  );

  out.push(
    '',
    '### Size',
    '',
    table(
      ['file', 'loaded', 'raw B', 'gzip B', 'brotli B'],
      [
        ...r.sizes.map((s) => [`\`${s.file}\``, s.group, int(s.raw), int(s.gzip), int(s.brotli)]),
        ...(['tfjs'] as const).map((k) => [
          `\`${r.references[k].file}\``,
          'reference, not shipped',
          int(r.references[k].raw),
          int(r.references[k].gzip),
          int(r.references[k].brotli),
        ]),
      ],
    ),
  );

  const firstScoreBytes = r.sizes.filter(
    (x) => x.file === 'intent-scoring.js' || x.file === 'intent-runtime.js' || x.file.startsWith('models/full/'),
  );
  out.push(
    '',
    `Fetched for the first score after the always-loaded script (\`intent-scoring.js\`, \`intent-runtime.js\`, \`models/full/*\`): ${kb(firstScoreBytes.reduce((n, x) => n + x.gzip, 0))} gzip, ${kb(firstScoreBytes.reduce((n, x) => n + x.brotli, 0))} brotli.`,
  );

  const loadRows: [string, LoadField, number][] = [
    ['first contentful paint, ms', 'fcp', 0],
    ['largest contentful paint, ms', 'lcp', 0],
    ['load event, ms', 'load', 0],
    ['long tasks (> 50 ms)', 'longTasks', 0],
    ['... during our scripts', 'sdkLongTasks', 0],
    ['total blocking time, ms', 'tbt', 0],
    ['... of the long tasks during our scripts, ms', 'sdkTbt', 0],
  ];
  out.push(
    '',
    `### Page load: \`${r.method.page}\`, third page view of a session (so this load is scored)`,
    '',
    table(
      ['metric', 'normal CPU: with SDK', 'without', 'added', '4x throttled: with SDK', 'without', 'added'],
      [
        ...loadRows.map(([label, f, d]) => [
          label,
          ...(['1x', '4x'] as const).flatMap((t) => [
            range(pl[t].with[f], d),
            range(pl[t].without[f], d),
            fixed(added(t, f), d),
          ]),
        ]),
        [
          'score made, ms after the load event',
          ...(['1x', '4x'] as const).flatMap((t) => [
            range(pl[t].scoredAfterLoad),
            '',
            `${pl[t].sdkWorkDone}/${r.method.runs} runs`,
          ]),
        ],
      ],
    ),
  );
  const culprits = [...pl['1x'].culprits, ...pl['4x'].culprits].sort((a, b) => b.duration - a.duration).slice(0, 5);
  out.push(
    '',
    culprits.length
      ? `Our scripts inside long tasks (long-animation-frame script attribution, longest first): ${culprits.map((c) => `\`${c.sourceURL.replace(/^https?:\/\/[^/]+/, '')}\` ${c.invokerType} ${c.invoker ? `(${c.invoker.replace(/^https?:\/\/[^/]+/, '')}) ` : ''}${fixed(c.duration, 0)} ms`).join('; ')}.`
      : 'None of our scripts ran inside a long task in any run.',
  );
  const big = r.largestTask4x;
  const shares = Object.entries(big.largest.samples)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${fixed(v * 100, 0)}%`)
    .join(', ');
  out.push(
    '',
    `Headroom, 4x throttled: the main-thread task in which our code took the most time lasted ${range(big.taskMs, 1)} ms (${big.taskMs.n} traced loads; the long-task line is 50 ms). ` +
      `The largest, ${fixed(big.largest.taskMs, 1)} ms, was by profiler samples: ${shares || 'no samples'}. Traced with the Chromium tracer and the V8 sampling profiler attached, so slightly longer than unobserved.`,
  );

  out.push(
    '',
    '### Time to first score after the page is idle',
    '',
    table(
      ['', 'median ms', 'min', 'max'],
      [
        [
          'cold (new context: empty cache, no session)',
          fixed(r.firstScore.cold.median, 0),
          fixed(r.firstScore.cold.min, 0),
          fixed(r.firstScore.cold.max, 0),
        ],
        [
          'warm (same context, next page view)',
          fixed(r.firstScore.warm.median, 0),
          fixed(r.firstScore.warm.min, 0),
          fixed(r.firstScore.warm.max, 0),
        ],
      ],
    ),
  );
  if (r.firstScore.failures)
    out.push(
      '',
      `**score() gave no probability in ${r.firstScore.failures} runs**${r.firstScore.errors.length ? `: ${r.firstScore.errors.join('; ')}` : ' (it resolved null)'}.`,
    );

  const lat = r.latency;
  const refGz = { ours: runtimeGz, tfjs: r.references.tfjs.gzip };
  const ratio = (a: number, b: number) => `${fixed(a / b, a / b < 10 ? 2 : 0)}x`;
  out.push(
    '',
    `### Score latency: ${r.method.scoreCalls.toLocaleString('en-US')} \`score(record)\` calls, \`${r.method.variant}\` model, in the browser`,
    '',
    table(
      [
        'implementation',
        'bundle gzip',
        'p50 ms',
        'p99 ms',
        'first call ms',
        'load ms',
        'p50 / ours',
        'p99 / ours',
        'gzip / ours',
      ],
      (['ours', 'tfjs'] as const).map((k) => [
        {
          ours: 'ours: `intent-runtime.js` (plain JavaScript Dense layers)',
          tfjs: 'default `@tensorflow/tfjs`: `loadLayersModel` + `predict`',
        }[k],
        kb(refGz[k]),
        range(lat[k].p50, 3),
        range(lat[k].p99, 3),
        range(lat[k].first, 2),
        range(lat[k].loadMs, 0),
        ratio(lat[k].p50.median, lat.ours.p50.median),
        ratio(lat[k].p99.median, lat.ours.p99.median),
        ratio(refGz[k], refGz.ours),
      ]),
    ),
  );
  out.push(
    '',
    `Both score the same 100 sessions of the training file; their probabilities differ by at most ${fixed(lat.tfjs.maxProbabilityDifferenceFromOurs ?? NaN, 7)}. Timer: ${lat.ours.crossOriginIsolated ? 'cross-origin isolated page, performance.now() to 5 µs' : '**not** cross-origin isolated: performance.now() is coarsened to 100 µs'}.`,
  );

  out.push(
    '',
    '### Memory',
    '',
    table(
      ['', 'with SDK', 'without', 'added'],
      [
        [
          'JS heap after GC, MB',
          range(
            {
              ...r.heap.with,
              median: r.heap.with.median / 2 ** 20,
              min: r.heap.with.min / 2 ** 20,
              max: r.heap.with.max / 2 ** 20,
            },
            2,
          ),
          range(
            {
              ...r.heap.without,
              median: r.heap.without.median / 2 ** 20,
              min: r.heap.without.min / 2 ** 20,
              max: r.heap.without.max / 2 ** 20,
            },
            2,
          ),
          fixed(heapAdded / 2 ** 20, 2),
        ],
      ],
    ),
  );

  const ev = r.evaluate;
  out.push(
    '',
    '### Training and evaluation (Node)',
    '',
    table(
      ['', '`full`', '`behavioral`'],
      [
        [
          'training, s (`trainingSeconds` recorded by the last `npm run train` in `model/artifacts/*/metrics.json`; not rerun by the bench)',
          fixed(r.training.full.trainingSeconds, 1),
          fixed(r.training.behavioral.trainingSeconds, 1),
        ],
        [
          `evaluate: rows/s scored (the CLI's own figure: batch predict of ${int(ev.rows)} rows)`,
          intRange(ev.rowsPerSecond.full),
          intRange(ev.rowsPerSecond.behavioral),
        ],
        [
          `evaluate: wall seconds of \`${ev.command}\` (both variants, with npm and tsx start-up)`,
          range(ev.seconds, 2),
          '',
        ],
      ],
    ),
  );

  out.push(
    '',
    '### Definitions',
    '',
    `- **Page load**: a new browser context (empty cache and storage) opens \`index.html\` and \`category.html\` of the demo shop, then the product page, which is measured: with 3 page views the SDK scores it (loads \`intent-scoring.js\`, \`intent-runtime.js\` and the \`full\` model, decides and may show the offer banner). "Without SDK" is the same sequence with \`intent-setup.js\` answered by an empty script (both arms go through the same request interception). The window is navigation start to ${r.method.windowAfterLoadMs} ms after the load event; "score made" shows the SDK's work ended inside it. CPU throttling: CDP \`Emulation.setCPUThrottlingRate\` on the measured page.`,
    '- **Budgets** on times and bytes are judged on the median; the long-task budgets (a count of 0) on every run.',
    '- **Long tasks**: PerformanceObserver `longtask` entries (> 50 ms, buffered) from navigation start to the end of the window. A long task is *during our scripts* when a `long-animation-frame` script entry whose URL is `/dist/intent-*` or the shop\'s `intent-setup.js` overlaps it. **Total blocking time**: sum of (duration − 50 ms) over long tasks from first contentful paint to the end of the window. **LCP**: the last `largest-contentful-paint` entry. "Added" is median with SDK minus median without.',
    '- **First score after idle**: on the product page, at the first `requestIdleCallback` after the load event, `window.intentTracker.score()` is called; the time until it resolves. It includes loading whatever is not loaded yet (`intent-scoring.js`, `intent-runtime.js`, model files), and one forward pass. Cold: a new context, first page view. Warm: the same context navigates to the page again (the demo server sends `cache-control: no-cache` without validators, so files are fetched again).',
    `- **Score latency**: a blank cross-origin-isolated page imports the module, loads the \`${r.method.variant}\` model ("load ms": import + model files; for tfjs also its backend), then times each of ${r.method.scoreCalls} \`score(record)\` calls (encoding included) with performance.now(); p50/p99 per run, first call included, no warm-up. The tfjs reference runs its CPU backend (ours runs no tfjs at all).`,
    '- **JS heap**: CDP `Runtime.getHeapUsage` after `HeapProfiler.collectGarbage`, at the end of the normal-CPU page-load window (after the first score).',
    "- Sizes: gzip level 9 (as the build's budget check) and brotli quality 11 with node:zlib; 1 KB = 1024 B.",
  );
  return { body: out.join('\n'), failed };
}
