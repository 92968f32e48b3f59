import { expect, test } from '../e2e/fixtures';
import { fault } from './helpers';

// A shop whose own widgets run TensorFlow.js: the SDK must score whatever backend the page runs, and
// leave the page's backend, registered kernels and tensors exactly as they were. TensorFlow.js keeps
// one global engine per page, so any use of it by the SDK would be shared with the shop's.

const TFJS = '/node_modules/@tensorflow/tfjs/dist';
const WASM = '/node_modules/@tensorflow/tfjs-backend-wasm/dist';

/** What the host page's tfjs looks like: its backend, live tensors, kernel count and a tensor's values. */
interface TfState {
  backend: string;
  tensors: number;
  kernels: number;
  values: number[];
  sum: number[];
}

for (const backend of ['cpu', 'wasm', 'webgl'] as const) {
  test(`a page running its own TensorFlow.js on ${backend}: the SDK scores, the page's tfjs is untouched`, async ({
    page,
  }) => {
    fault(
      'host page',
      `the shop's own TensorFlow.js (the version in package.json) on the ${backend} backend, with a tensor of its own, before the SDK loads`,
      "the SDK scores; the page's backend, kernels, tensor count and tensor values are unchanged, and its ops still run",
    );
    await page.route('**/faults/host-tfjs.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><meta name="intent-page-type" content="product">
<script src="${TFJS}/tf.min.js"></script>
<script src="${WASM}/tf-backend-wasm.min.js"></script>
<script src="/dist/intent-tracker.min.js"></script>
</head><body><h1>a shop with its own tfjs</h1></body></html>`,
      }),
    );
    await page.goto('/faults/host-tfjs.html');
    const ready = await page.evaluate(async (b) => {
      const tf = (window as unknown as { tf: any }).tf;
      tf.wasm.setWasmPaths(`${location.origin}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
      if (!(await tf.setBackend(b).catch(() => false))) return false;
      await tf.ready();
      (window as unknown as { own: unknown }).own = tf.tensor([1, 2, 3]);
      return true;
    }, backend);
    test.skip(!ready, `this Chromium has no ${backend} backend for tfjs (headless with --disable-gpu has no WebGL)`);

    const state = () =>
      page.evaluate((): TfState => {
        const w = window as unknown as { tf: any; own: any };
        const sum = w.tf.tidy(() => Array.from(w.tf.add(w.own, w.own).dataSync() as Float32Array));
        return {
          backend: w.tf.getBackend(),
          tensors: w.tf.memory().numTensors,
          kernels: w.tf.getKernelsForBackend(w.tf.getBackend()).length,
          values: Array.from(w.own.dataSync() as Float32Array),
          sum,
        };
      });
    const before = await state();
    const score = await page.evaluate(async () => {
      const api = (window as unknown as { IntentTracker: { initIntentTracker(u: undefined, o: object): any } })
        .IntentTracker;
      const tracker = api.initIntentTracker(undefined, { minPageViews: 1000000 });
      return (await tracker.score()) as { probability: number } | null;
    });
    expect(score?.probability, 'the SDK scored the visit').toBeGreaterThanOrEqual(0);
    expect(score!.probability).toBeLessThanOrEqual(1);
    expect(await state()).toEqual(before);
    expect(before).toMatchObject({ backend, values: [1, 2, 3], sum: [2, 4, 6] });
  });
}
