// In-page instrumentation for bench/run.ts, injected into every page before any page script runs
// (context.addInitScript). Plain JavaScript on purpose: functions that tsx compiles get esbuild's
// `__name(...)` helper calls, which do not exist in the page. Identical in the with- and
// without-SDK pages, so its own small cost cancels out of every comparison.
(() => {
  const b = {
    /** PerformanceObserver 'longtask' entries: tasks over 50 ms on the main thread. */
    longTasks: [],
    /** 'long-animation-frame' entries with their script attribution (sourceURL, invoker, duration). */
    frames: [],
    fcp: null,
    lcp: null,
    loadEnd: null,
    idleAt: null,
    /** Every `intenttracker:decision` the SDK dispatched, with the time it arrived. */
    decisions: [],
    /** Result of the score() call made at idle when window.__benchScoreAtIdle is set. */
    scoreAtIdle: null,
  };
  window.__bench = b;

  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch (e) {
      // An entry type this Chromium lacks: its figures stay empty rather than breaking the page.
    }
  };
  observe('longtask', (e) => b.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) =>
    b.frames.push({
      start: e.startTime,
      duration: e.duration,
      blockingDuration: e.blockingDuration,
      scripts: (e.scripts || []).map((s) => ({
        start: s.startTime,
        duration: s.duration,
        sourceURL: s.sourceURL,
        invoker: s.invoker,
        invokerType: s.invokerType,
        forcedStyleAndLayout: s.forcedStyleAndLayoutDuration,
      })),
    }),
  );
  observe('paint', (e) => {
    if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  });
  observe('largest-contentful-paint', (e) => {
    b.lcp = e.startTime;
  });

  addEventListener('intenttracker:decision', (e) => b.decisions.push({ at: performance.now(), detail: e.detail }));

  // "Idle" = the first idle period after the load event: where the SDK starts its deferred work.
  addEventListener('load', () => {
    b.loadEnd = performance.now();
    requestIdleCallback(() => {
      b.idleAt = performance.now();
      if (!window.__benchScoreAtIdle) return;
      const t0 = performance.now();
      let pending;
      try {
        pending = Promise.resolve(window.intentTracker.score());
      } catch (e) {
        pending = Promise.reject(e); // recorded below, so the bench reports it instead of timing out
      }
      pending.then(
        (r) => {
          b.scoreAtIdle = { ms: performance.now() - t0, result: r };
        },
        (e) => {
          b.scoreAtIdle = { ms: performance.now() - t0, error: String(e) };
        },
      );
    });
  });

  /**
   * Score latency harness: imports a module exporting loadModel(baseUrl, variant) -> { score(record) },
   * loads the model, then times `n` score() calls one by one (records cycled). Returns the per-call
   * times in ms and the first records' probabilities (to check that all candidates agree).
   */
  b.latency = async (moduleUrl, baseUrl, variant, records, n) => {
    const t0 = performance.now();
    const mod = await import(moduleUrl);
    const model = await mod.loadModel(baseUrl, variant);
    const loadMs = performance.now() - t0;
    const times = new Array(n);
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const r = records[i % records.length];
      const s = performance.now();
      sink += model.score(r);
      times[i] = performance.now() - s;
    }
    const probabilities = records.map((r) => model.score(r));
    // crossOriginIsolated: performance.now() is then precise to 5 us instead of 100 us.
    return { loadMs, times, probabilities, sink, isolated: self.crossOriginIsolated };
  };
})();
