/**
 * Memoises an asynchronous load, forgetting a failure: every caller shares the one load in flight or
 * done, and the first call after a failed load (a later page view) starts it again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
}
