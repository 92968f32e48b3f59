import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './test/helpers/chromium';

/** Port of the static server; set E2E_PORT to run several suites side by side. */
const port = Number(process.env.E2E_PORT ?? 4173);

/** End-to-end tests in Debian's Chromium (playwright cannot download browsers here). */
export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'faults/**/*.spec.ts'],
  timeout: 60_000,
  workers: 2,
  // The fault suite's summary is written by its own reporter to test-results/reliability.md (the tracked
  // docs/reliability.md only under `npm run docs:reliability`, which sets WRITE_DOCS=1).
  reporter: [['list'], ['./test/faults/reliability-reporter.ts']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port} --quiet`,
    url: `http://localhost:${port}/examples/shop/`,
    // A server already on the port (a running `npm run demo`) is used only when asked: otherwise
    // Playwright fails the run saying the port is taken, rather than testing whatever listens there.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    // The demo shop sends its ended sessions to POST /collect: keep the suite's out of demo-data/.
    env: { COLLECT_FILE: 'test-results/collect/sessions.jsonl' },
  },
});
