/**
 * The journeys' pages, written as static files under test-results/engines/ (served by the demo
 * server from the repository root): classic WebDriver has no request interception or init
 * scripts, so whatever a page must do before the SDK runs is in the page itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readmeSnippet } from '../helpers/readme';

export const PAGES_DIR = 'test-results/engines';

/**
 * First in every page: collects uncaught errors, unhandled rejections and console.error calls
 * (WebKitWebDriver has no console API), and every `intenttracker:*` event.
 */
const CAPTURE = `<script>
window.__pageErrors = [];
addEventListener('error', function (e) { __pageErrors.push('error: ' + e.message); });
addEventListener('unhandledrejection', function (e) { __pageErrors.push('unhandled rejection: ' + String(e.reason)); });
var consoleError = console.error;
console.error = function () { __pageErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); return consoleError.apply(console, arguments); };
window.__intent = []; window.__offers = []; window.__sdkErrors = [];
addEventListener('pageshow', function (e) { if (e.persisted) sessionStorage.restored = Number(sessionStorage.restored || 0) + 1; });
['intenttracker:lowintent', 'intenttracker:decision'].forEach(function (t) {
  addEventListener(t, function (e) { __intent.push({ type: t, detail: e.detail }); });
});
</script>`;

/** Faults a page injects before the SDK loads (what the Playwright tests do with init scripts). */
export const BEFORE = {
  /** IndexedDB refuses to open, as in Firefox private mode before 115. */
  denyIndexedDB: `IDBFactory.prototype.open = function () { throw new DOMException('denied by the test', 'SecurityError'); };`,
  /** Web storage throws too (some privacy modes, sandboxed frames). */
  denyWebStorage: `['getItem', 'setItem', 'removeItem', 'key'].forEach(function (m) { Storage.prototype[m] = function () { throw new DOMException('denied by the test', 'SecurityError'); }; });`,
  /** The visitor's browser sends Global Privacy Control. */
  gpc: `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; } });`,
  /** A browser without requestIdleCallback, as Safari is (WebKit lacks it already). */
  noIdleCallback: `delete window.requestIdleCallback; delete window.cancelIdleCallback; delete Window.prototype.requestIdleCallback; delete Window.prototype.cancelIdleCallback;`,
};

/** A page of a journey: its page type, the tracker's options, and what runs first. */
export interface PageSpec {
  type?: 'product' | 'administrative' | 'informational' | 'other';
  options?: Record<string, unknown>;
  before?: string[];
  /** Load the SDK with the README's async snippet instead of a synchronous script tag. */
  snippet?: boolean;
  /** Go on to this path as soon as the document is parsed (a visitor clicking on at once). */
  next?: string;
}

/** The SDK and a tracker started with `options`; its callbacks record into the page. */
function sdk(options: Record<string, unknown>, snippet: boolean): string {
  const include = snippet
    ? readmeSnippet().split('window.intentTracker')[0] + '</script>'
    : '<script src="/dist/intent-tracker.min.js"></script>';
  return `${include}
<script>
window.intentTracker = IntentTracker.initIntentTracker(function (e) { __offers.push(e.offer.id); },
  Object.assign(${JSON.stringify(options)}, { onError: function (e) { __sdkErrors.push(e.message); } }));
</script>`;
}

/** Writes the page `name` and returns its path on the server. */
export function writePage(name: string, spec: PageSpec = {}): string {
  mkdirSync(PAGES_DIR, { recursive: true });
  const before = spec.before?.length ? `<script>${spec.before.join('\n')}</script>` : '';
  const next = spec.next
    ? `<script>document.addEventListener('DOMContentLoaded', function () { location.href = ${JSON.stringify(spec.next)}; });</script>`
    : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="intent-page-type" content="${spec.type ?? 'product'}">
${CAPTURE}${before}${sdk(spec.options ?? {}, spec.snippet ?? false)}
${next}</head><body><h1>${name}</h1></body></html>`;
  writeFileSync(`${PAGES_DIR}/${name}.html`, html);
  return `/${PAGES_DIR}/${name}.html`;
}
