/**
 * Rejects with `message` when `p` has not settled within `ms`. For waits that have no abort of their
 * own (an IndexedDB open, a module import): a stall there must not hold the tracker forever.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
