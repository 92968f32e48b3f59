/**
 * A queue that runs this tab's operations one after another (tabs stay consistent with each other
 * through storage transactions). A failed operation rejects its own promise only, never the next.
 */
export function createQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const next = chain.then(fn);
    chain = next.catch(() => undefined);
    return next;
  };
}
