/**
 * The journeys (./journeys.ts) in Chromium, Firefox and WebKit. `ENGINES=firefox,webkit` picks
 * engines (default: all three); WebKit needs a display, so `npm run test:engines` runs this under
 * xvfb-run. Each test is named after its engine and version; the results also go to
 * test-results/engines.json, and a run of every engine writes its table into the reliability report
 * (test-results/reliability.md; docs/reliability.md under `npm run docs:reliability`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Engine, Launch } from './driver';
import { JOURNEYS } from './journeys';
import { writeEnginesTable, type Result } from './report';
import { launchChromium, launchFirefox } from './puppeteer-driver';
import { launchWebKit } from './webkit-driver';

const LAUNCH: Record<Engine, Launch> = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit };
const engines = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',').map((e) => e.trim()) as Engine[];
for (const e of engines)
  if (!LAUNCH[e]) throw new Error(`unknown engine ${e}; ENGINES takes ${Object.keys(LAUNCH).join(', ')}`);

const port = Number(process.env.ENGINES_PORT ?? 4175);
const origin = `http://localhost:${port}`;
let server: ChildProcess;

/** One result row of the report: engine, version, journey, outcome, and how the engine took it. */
const results: Result[] = [];

before(async () => {
  // Whatever already answers on the port (a running demo, another suite) would be tested instead of
  // this checkout's build: refuse it, as Playwright's webServer does.
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is already in use; stop what listens there or set ENGINES_PORT`);
  server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--quiet'], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/dist/intent-tracker.min.js`)).ok) return; // it listens on IPv4 only
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the test server did not start on ${origin} (is dist/ built? npm run build)`);
});
after(() => {
  server?.kill();
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/engines.json', `${JSON.stringify(results, null, 2)}\n`);
  // Only a run of every engine rewrites the table.
  if (results.length === Object.keys(LAUNCH).length * JOURNEYS.length)
    process.stdout.write(`reliability report: ${writeEnginesTable(results)}\n`);
});

for (const engine of engines) {
  describe(engine, () => {
    for (const journey of JOURNEYS) {
      // A fresh browser per journey: a new visitor, with empty storage, whatever the engine keeps.
      test(`${engine}: ${journey.name}`, async (t) => {
        const d = await LAUNCH[engine](origin);
        t.diagnostic(d.version);
        const notes: string[] = [];
        const note = {
          diagnostic: (m: string) => {
            notes.push(m);
            t.diagnostic(m);
          },
        };
        try {
          await journey.run(d, note);
          results.push({ engine, version: d.version, journey: journey.name, passed: true, notes });
        } catch (e) {
          results.push({ engine, version: d.version, journey: journey.name, passed: false, notes, error: String(e) });
          throw e;
        } finally {
          await d.close();
        }
      });
    }
  });
}
