import { loadOnce } from '../lib/retry';
import { withTimeout } from '../lib/timeout';
import type { Variant } from '../features/types';
import type { RuntimeModel } from './runtime';

type Runtime = typeof import('./runtime');

/**
 * Loads the inference chunk and a variant's model on first use, by URL, so neither is in the page's
 * critical path. A failed load is forgotten, so the next attempt (a later page view) tries again.
 */
export function createScorer(runtimeUrl: string, modelBaseUrl: string, timeoutMs: number) {
  const runtime = loadOnce(() =>
    withTimeout(
      import(/* @vite-ignore */ /* webpackIgnore: true */ runtimeUrl) as Promise<Runtime>,
      timeoutMs,
      `${runtimeUrl} did not load within ${timeoutMs} ms`,
    ),
  );
  const models: Partial<Record<Variant, () => Promise<RuntimeModel>>> = {};
  const load = (variant: Variant): Promise<RuntimeModel> =>
    (models[variant] ??= loadOnce(() =>
      runtime()
        .then((r) => r.loadModel(modelBaseUrl, variant, { timeoutMs }))
        // Give the page a turn between loading the model and its first (cold) score: together they
        // can make a long task on a slow CPU; apart, each stays well under 50 ms.
        .then((model) => new Promise<RuntimeModel>((resolve) => setTimeout(() => resolve(model), 0))),
    ))();
  return { load };
}
