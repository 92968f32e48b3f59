/**
 * Chromium (CDP) and Firefox (WebDriver BiDi) through puppeteer-core. Playwright's Firefox support
 * needs BiDi commands Debian's Firefox ESR 140 lacks (`network.addDataCollector`, asked for by
 * @playwright/test 1.57 to 1.65), while puppeteer-core 24 drives it; 25 needs Node 22.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import type { Driver, Engine, Launch } from './driver';

/** Where Debian installs the browsers; FIREFOX_PATH / CHROMIUM_PATH override. */
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

async function open(engine: Engine, browser: Browser, origin: string): Promise<Driver> {
  // A fresh context per driver: its own storage, as a new visitor has.
  const context = await browser.createBrowserContext();
  const tabs: Page[] = [await context.newPage()];
  let current = tabs[0];
  return {
    engine,
    version: (await browser.version()).replace(/^(Headless)?Chrome\//, 'Chromium ').replace(/^firefox\//, 'Firefox '),
    async goto(path) {
      await current.goto(origin + path, { waitUntil: 'load' });
    },
    eval: <T>(expression: string) => current.evaluate(`Promise.resolve().then(() => (${expression}))`) as Promise<T>,
    async openTab() {
      current = await context.newPage();
      return tabs.push(current) - 1;
    },
    async switchTab(i) {
      current = tabs[i];
      await current.bringToFront();
    },
    close: () => browser.close(),
  };
}

/** Debian's Chromium, headless, with the flags every run here uses. */
export const launchChromium: Launch = async (origin) =>
  open(
    'chromium',
    await puppeteer.launch({
      executablePath: CHROMIUM_LAUNCH.executablePath,
      args: CHROMIUM_LAUNCH.args,
      headless: true,
    }),
    origin,
  );

/** Debian's Firefox ESR, headless, over WebDriver BiDi. */
export const launchFirefox: Launch = async (origin) =>
  open('firefox', await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true }), origin);
