/**
 * The in-browser measurements of bench/run.ts, one sample per call: a page load of the demo product page
 * with or without the SDK, a first score at idle (cold or warm), and 1,000 score() calls of a model
 * module. Page-side instrumentation is bench/probe.js; everything here only drives the browser.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import type { SessionRecord } from '../src/features/types';
import { percentile } from './stats';

const PROBE = 'bench/probe.js';
const SETUP = readFileSync('examples/shop/intent-setup.js', 'utf8');
/** Two pages before the measured one: with minPageViews 3, its page view is the one that gets scored. */
const SEED_PAGES = ['index.html', 'category.html'];
export const PRODUCT_PAGE = '/examples/shop/product-headlamp.html';
/** The measured window after the load event: the SDK's idle-time work (chunk loads, first score) falls inside it. */
export const WINDOW_AFTER_LOAD_MS = 3000;
/** Script URLs that are ours: the SDK's files and the shop's snippet file. */
const OURS = /\/dist\/intent-|\/examples\/shop\/intent-setup\.js/;

/** What bench/probe.js collects in the page (window.__bench). */
interface Probe {
  longTasks: { start: number; duration: number }[];
  frames: {
    start: number;
    duration: number;
    scripts: { start: number; duration: number; sourceURL: string; invoker: string; invokerType: string }[];
  }[];
  fcp: number | null;
  lcp: number | null;
  loadEnd: number | null;
  idleAt: number | null;
  decisions: { at: number; detail: { action: string; reason?: string; probability?: number; pageViews: number } }[];
  scoreAtIdle: { ms: number; result?: { probability: number; variant: string } | null; error?: string } | null;
}

/** A script of ours that ran inside a long task, from the long-animation-frame attribution. */
export interface Culprit {
  sourceURL: string;
  invoker: string;
  invokerType: string;
  duration: number;
}

export interface LoadSample {
  sdk: boolean;
  throttle: number;
  fcp: number;
  lcp: number;
  load: number;
  /** Long tasks (> 50 ms) from navigation start to the end of the window. */
  longTasks: number;
  /** Total blocking time: sum of (duration - 50 ms) of the long tasks from FCP to the end of the window. */
  tbt: number;
  /** Long tasks during which a script of ours ran (long-animation-frame script attribution). */
  sdkLongTasks: number;
  /** Blocking time (from FCP) of those long tasks. */
  sdkTbt: number;
  culprits: Culprit[];
  /** With the SDK: ms from the load event to the decision that carries a probability (null: none in the window). */
  scoredAfterLoad: number | null;
  runtimeLoaded: boolean;
  /** JS heap after a forced GC at the end of the window (CDP Runtime.getHeapUsage), when asked for. */
  heapBytes: number | null;
}

/**
 * A fresh context (empty cache and storage) with the probe. For A/B page loads (`sdk` given) intent-setup.js
 * is answered from disk, or empty without the SDK: both arms go through the same interception, so its
 * overhead does not bias the comparison. Playwright turns the HTTP cache off while it intercepts, so
 * contexts that need the cache (warm first score: `sdk` null) are not intercepted at all.
 */
async function newContext(browser: Browser, sdk: boolean | null, initScript?: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  await context.addInitScript({ path: PROBE });
  if (sdk !== null)
    await context.route('**/examples/shop/intent-setup.js', (route) =>
      route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: sdk ? SETUP : '' }),
    );
  return context;
}

const readProbe = async (page: Page): Promise<Probe> =>
  JSON.parse(await page.evaluate('JSON.stringify(window.__bench)')) as Probe;

/** Forced garbage collection, then the page's used JS heap in bytes. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * One page load of the product page as the third page view of a fresh session (two seed pages first),
 * with the CPU throttled `throttle` times, measured until WINDOW_AFTER_LOAD_MS after the load event.
 */
export async function pageLoad(
  browser: Browser,
  origin: string,
  sdk: boolean,
  throttle: number,
  measureHeap: boolean,
): Promise<LoadSample> {
  const context = await newContext(browser, sdk);
  try {
    const page = await context.newPage();
    for (const p of SEED_PAGES) {
      await page.goto(`${origin}/examples/shop/${p}`, { waitUntil: 'load' });
      // With the SDK, its decision ('engagement gates not passed') means the page view is stored.
      if (sdk) await page.waitForFunction('window.__bench.decisions.length > 0', undefined, { timeout: 20_000 });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(`${origin}${PRODUCT_PAGE}`, { waitUntil: 'load' });
    await page.waitForFunction(
      `window.__bench.loadEnd !== null && performance.now() > window.__bench.loadEnd + ${WINDOW_AFTER_LOAD_MS}`,
      undefined,
      { polling: 250, timeout: 30_000 },
    );
    const probe = await readProbe(page);
    const runtimeLoaded = (await page.evaluate(
      `performance.getEntriesByType('resource').some((r) => r.name.includes('/dist/intent-runtime.js'))`,
    )) as boolean;
    const heapBytes = measureHeap ? await heapAfterGc(cdp) : null;
    return { sdk, throttle, ...analyse(probe), runtimeLoaded, heapBytes };
  } finally {
    await context.close();
  }
}

/** Long tasks (from navigation start), TBT (from FCP) and their attribution to our scripts, until load + window. */
function analyse(p: Probe): Omit<LoadSample, 'sdk' | 'throttle' | 'runtimeLoaded' | 'heapBytes'> {
  const fcp = p.fcp ?? 0;
  const load = p.loadEnd ?? 0;
  const end = load + WINDOW_AFTER_LOAD_MS;
  // Long tasks count from navigation start (a blocking snippet before FCP counts too); TBT from FCP, as usual.
  const tasks = p.longTasks.filter((t) => t.start < end);
  const ourScripts = p.frames.flatMap((f) => f.scripts).filter((s) => OURS.test(s.sourceURL));
  const culprits: Culprit[] = [];
  const sdkTasks = tasks.filter((t) => {
    const inside = ourScripts.filter((s) => s.start < t.start + t.duration && s.start + s.duration > t.start);
    culprits.push(
      ...inside.map(({ sourceURL, invoker, invokerType, duration }) => ({ sourceURL, invoker, invokerType, duration })),
    );
    return inside.length > 0;
  });
  const blocking = (ts: { start: number; duration: number }[]) =>
    ts.filter((t) => t.start >= fcp).reduce((n, t) => n + Math.max(0, t.duration - 50), 0);
  const scored = p.decisions.find((d) => typeof d.detail.probability === 'number');
  return {
    fcp,
    lcp: p.lcp ?? 0,
    load,
    longTasks: tasks.length,
    tbt: blocking(tasks),
    sdkLongTasks: sdkTasks.length,
    sdkTbt: blocking(sdkTasks),
    culprits,
    scoredAfterLoad: scored && scored.at <= end ? scored.at - load : null,
  };
}

/** The main-thread task in which our code took the most time, from a traced and profiled page load. */
export interface TaskTrace {
  /** Duration of that task, ms (trace event ThreadControllerImpl::RunTask). */
  taskMs: number;
  /** Share of that task's JS profiler samples per script URL (path only), or per V8 category like "(garbage collector)". */
  samples: Record<string, number>;
}

/** Reads a CDP trace handed over as a stream. */
async function readTrace(
  cdp: CDPSession,
): Promise<
  { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }[]
> {
  const complete = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  if (!stream) throw new Error('Tracing.tracingComplete without a stream');
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const json = JSON.parse(text) as { traceEvents?: unknown[] } | unknown[];
  return (Array.isArray(json) ? json : (json.traceEvents ?? [])) as Awaited<ReturnType<typeof readTrace>>;
}

/**
 * Diagnosis, not a budget figure: the scored page load (third page view, CPU throttled) under the
 * Chromium tracer (top-level tasks) and the V8 sampling profiler, which both slow the page somewhat.
 * The profiler's samples, on the same monotonic clock as the trace, say whose code each task ran;
 * the result is the task in which our files took the most time, and what its samples were.
 */
export async function traceScoredLoad(browser: Browser, origin: string, throttle: number): Promise<TaskTrace> {
  const context = await newContext(browser, true);
  try {
    const page = await context.newPage();
    for (const p of SEED_PAGES) {
      await page.goto(`${origin}/examples/shop/${p}`, { waitUntil: 'load' });
      await page.waitForFunction('window.__bench.decisions.length > 0', undefined, { timeout: 20_000 });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['toplevel'] },
      transferMode: 'ReturnAsStream',
    });
    await cdp.send('Profiler.start');
    await page.goto(`${origin}${PRODUCT_PAGE}`, { waitUntil: 'load' });
    await page.waitForFunction(
      'window.__bench.decisions.some((d) => typeof d.detail.probability === "number")',
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForTimeout(200);
    const { profile } = await cdp.send('Profiler.stop');
    const events = await readTrace(cdp);

    // A sample belongs to the innermost script on its stack (a native like fetch() counts for its
    // caller); stacks without any script keep V8's label, e.g. "(garbage collector)".
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id] as [number, number])));
    const sourceOf = (id: number): string => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const url = nodes.get(at)?.callFrame.url;
        if (url) return url.replace(origin, '');
      }
      const name = nodes.get(id)?.callFrame.functionName || 'native';
      return name.startsWith('(') ? name : `(${name})`;
    };
    // Sample i is at startTime + the sum of timeDeltas[0..i] (µs, the trace's clock).
    let t = profile.startTime;
    const samples = (profile.samples ?? []).map((id, i) => ({
      t: (t += profile.timeDeltas?.[i] ?? 0),
      source: sourceOf(id),
    }));
    const main = new Set(
      events
        .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    const tasks = events.filter(
      (e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`),
    );
    // The task where our code took the most time: task duration x our share of its samples.
    let best: TaskTrace = { taskMs: 0, samples: {} };
    let bestOurs = 0;
    for (const task of tasks) {
      const inside = samples.filter((x) => x.t >= task.ts && x.t <= task.ts + (task.dur ?? 0));
      const ours = ((task.dur ?? 0) * inside.filter((x) => OURS.test(x.source)).length) / Math.max(1, inside.length);
      if (ours <= bestOurs) continue;
      bestOurs = ours;
      const share: Record<string, number> = {};
      for (const x of inside) share[x.source] = (share[x.source] ?? 0) + 1 / inside.length;
      best = { taskMs: (task.dur ?? 0) / 1000, samples: share };
    }
    return best;
  } finally {
    await context.close();
  }
}

export interface FirstScoreSample {
  ms: number;
  probability: number | null;
  error?: string;
}

/**
 * Time to first score: on the demo product page, at the first idle period after the load event
 * (requestIdleCallback registered in the load handler), the probe calls window.intentTracker.score();
 * the figure is the time until that promise resolves. It covers whatever is not loaded yet:
 * intent-scoring.js, intent-runtime.js, the model files and the forward pass.
 * `warmPage` null = cold (new context: empty HTTP cache, no stored session); otherwise warm: that page
 * navigates to the product page again.
 */
export async function firstScore(
  browser: Browser,
  origin: string,
  warmPage: Page | null,
): Promise<{ sample: FirstScoreSample; page: Page }> {
  const page = warmPage ?? (await (await newContext(browser, null, 'window.__benchScoreAtIdle = true;')).newPage());
  await page.goto(`${origin}${PRODUCT_PAGE}`, { waitUntil: 'load' });
  await page.waitForFunction('window.__bench.scoreAtIdle !== null', undefined, { timeout: 20_000 });
  const s = (await readProbe(page)).scoreAtIdle!;
  return {
    sample: { ms: s.ms, probability: s.result?.probability ?? null, ...(s.error ? { error: s.error } : {}) },
    page,
  };
}

export interface LatencySample {
  p50: number;
  p99: number;
  first: number;
  max: number;
  loadMs: number;
  probabilities: number[];
  isolated: boolean;
}

/**
 * 1,000 score() calls of one model module in a blank page served cross-origin isolated (COOP + COEP),
 * so that performance.now() resolves 5 us instead of 100 us. `moduleUrl` exports loadModel(baseUrl, variant).
 */
export async function scoreLatency(
  browser: Browser,
  origin: string,
  moduleUrl: string,
  records: SessionRecord[],
  calls: number,
): Promise<LatencySample> {
  const context = await browser.newContext();
  try {
    await context.addInitScript({ path: PROBE });
    await context.route(`${origin}/bench/__latency.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>score latency</title>',
        headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      }),
    );
    const page = await context.newPage();
    await page.goto(`${origin}/bench/__latency.html`);
    type Result = { loadMs: number; times: number[]; probabilities: number[]; isolated: boolean };
    const r = await page.evaluate(
      ([url, recs, n]) =>
        (window as unknown as { __bench: { latency(...a: unknown[]): Promise<Result> } }).__bench.latency(
          url,
          '/dist/models',
          'full',
          recs,
          n,
        ),
      [moduleUrl, records, calls] as const,
    );
    return {
      p50: percentile(r.times, 50),
      p99: percentile(r.times, 99),
      first: r.times[0],
      max: Math.max(...r.times),
      loadMs: r.loadMs,
      probabilities: r.probabilities,
      isolated: r.isolated,
    };
  } finally {
    await context.close();
  }
}
