import { defineConfig } from '@playwright/test';

/** End-to-end tests in Debian's Chromium (playwright cannot download browsers here). */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: 'http://localhost:4173',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node scripts/serve.mjs --port 4173 --quiet',
    url: 'http://localhost:4173/examples/shop/',
    reuseExistingServer: !process.env.CI,
  },
});
