/**
 * The one interface the cross-engine journeys drive a browser through. Playwright drives the full
 * suites in Chromium; Firefox and WebKit are driven here by what works with Debian's builds
 * (puppeteer-core over WebDriver BiDi, selenium-webdriver over WebKitWebDriver), so the journeys are
 * written once against this and run in all three.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

/** A browser with one fresh profile: tabs share its storage, as a visitor's tabs do. */
export interface Driver {
  engine: Engine;
  /** The browser's own version string, for the test names and the report. */
  version: string;
  /** Navigates the current tab to a path of the test server and waits for its load event. */
  goto(path: string): Promise<void>;
  /**
   * Evaluates a JavaScript expression in the current tab (plain JS, not a function: each driver
   * sends text), awaiting it when it is a promise; the result must be JSON-serialisable.
   */
  eval<T>(expression: string): Promise<T>;
  /** Opens a new tab in the same profile and makes it current; returns its index. */
  openTab(): Promise<number>;
  /** Makes tab `index` current. */
  switchTab(index: number): Promise<void>;
  /** Closes the browser (or its session). */
  close(): Promise<void>;
}

/** Starts a browser of one engine with a fresh profile. */
export type Launch = (origin: string) => Promise<Driver>;
