import type { Reporter } from './reporter';

/** Calls one of the shop's callbacks; a throw or a rejected promise is reported, never thrown into the page. */
export function invoke(reporter: Reporter, name: string, callback: unknown, arg: unknown): void {
  const failed = (e: unknown) =>
    reporter.report({ code: 'callback', message: `the ${name} callback failed: ${String(e)}`, cause: e });
  if (typeof callback !== 'function') return;
  try {
    const r = callback(arg);
    if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(failed);
  } catch (e) {
    failed(e);
  }
}
