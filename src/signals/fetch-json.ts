/**
 * Fetches JSON from the shop's own files (config, page statistics) with a timeout. Every failure is
 * an Error whose message starts with the URL, then the cause: network, status, timeout or invalid JSON.
 */
export async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: ctrl.signal, credentials: 'same-origin' });
    } catch (e) {
      // fetch's own TypeError ("Failed to fetch") does not say which file; every message here does.
      throw ctrl.signal.aborted ? e : new Error(`${url} could not be fetched (${(e as Error).message})`);
    }
    if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${url} is not valid JSON`);
    }
  } catch (e) {
    throw ctrl.signal.aborted ? new Error(`${url} did not answer within ${timeoutMs} ms`) : e;
  } finally {
    clearTimeout(timer);
  }
}
