/**
 * WebKit: Debian's WebKitGTK MiniBrowser through WebKitWebDriver (classic WebDriver, no console or
 * init-script API; the journeys' pages capture their own errors). It needs a display: run under
 * `xvfb-run`. selenium-webdriver is pinned to 4.46 (4.47 needs Node 22).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, type WebDriver } from 'selenium-webdriver';
import type { Launch } from './driver';

const DRIVER = process.env.WEBKIT_DRIVER_PATH ?? 'WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A free TCP port for the driver process. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Waits until the driver answers /status (it takes a moment to listen). */
async function ready(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${DRIVER} did not start at ${url}`);
}

/** One MiniBrowser automation session (its website data is ephemeral: a fresh profile each time). */
export const launchWebKit: Launch = async (origin) => {
  const port = await freePort();
  const proc = spawn(DRIVER, [`--port=${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  let wd: WebDriver;
  try {
    await ready(url);
    wd = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
  } catch (e) {
    proc.kill();
    throw e;
  }
  const caps = await wd.getCapabilities();
  const tabs = [await wd.getWindowHandle()];
  return {
    engine: 'webkit',
    version: `WebKitGTK ${String(caps.get('browserVersion') ?? caps.get('version') ?? '')}`.trim(),
    async goto(path) {
      await wd.get(origin + path); // classic WebDriver returns after the load event
    },
    async eval<T>(expression: string): Promise<T> {
      const r = (await wd.executeAsyncScript(
        `var done = arguments[arguments.length - 1];
         Promise.resolve().then(function () { return (${expression}); }).then(
           function (v) { done({ v: v === undefined ? null : v }); },
           function (e) { done({ e: String((e && e.stack) || e) }); });`,
      )) as { v?: T; e?: string };
      if (r.e !== undefined) throw new Error(r.e);
      return r.v as T;
    },
    async openTab() {
      await wd.switchTo().newWindow('tab');
      return tabs.push(await wd.getWindowHandle()) - 1;
    },
    async switchTab(i) {
      await wd.switchTo().window(tabs[i]);
    },
    async close() {
      try {
        await wd.quit();
      } finally {
        proc.kill();
      }
    },
  };
};
