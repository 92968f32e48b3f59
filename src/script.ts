/**
 * The script-tag build (`dist/intent-tracker.min.js`): defines `window.IntentTracker.initIntentTracker`,
 * replays calls the async snippet queued before it loaded, and takes the marketer config URL from
 * the script's `data-config` attribute. Loading the script twice is harmless.
 */
import { start } from './instance';
import type { IntentTracker, LowIntentEvent, TrackerOptions } from './types';

type Init = (onLowIntent?: (event: LowIntentEvent) => void, options?: TrackerOptions) => IntentTracker;
/** What the snippet leaves on window: queued init calls, each with the stub tracker it returned. */
interface Queued {
  loaded?: boolean;
  q?: [
    IArguments | unknown[],
    Record<string, unknown> & { q: [keyof IntentTracker, IArguments | unknown[], (v: unknown) => void][] },
  ][];
  initIntentTracker?: Init;
}

(() => {
  const w = window as unknown as { IntentTracker?: Queued };
  if (w.IntentTracker?.loaded) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const base = new URL('.', script?.src || location.href).href;
  const configUrl = script?.getAttribute('data-config') || undefined;
  // data-config is the page's default config file; an options.configUrl replaces it (see createTracker).
  const init: Init = (onLowIntent, options) => start(onLowIntent, options, () => ({ assetBaseUrl: base, configUrl }));
  const queued = w.IntentTracker?.q ?? [];
  w.IntentTracker = { loaded: true, initIntentTracker: init };
  for (const [args, stub] of queued) {
    const tracker = init(...(Array.from(args) as Parameters<Init>));
    for (const [method, margs, resolve] of stub.q)
      resolve((tracker[method] as (...a: unknown[]) => unknown)(...Array.from(margs)));
    // The page keeps the stub: from now on its methods are the real tracker's.
    Object.assign(stub, tracker);
  }
})();
