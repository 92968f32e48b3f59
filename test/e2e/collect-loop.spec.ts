import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { EXPORT_CSV_HEADER } from '../../model/src/feedback/session-export';
import { runCli, tempDir } from '../helpers/cli';
import { expect, nextDecision, recordEvents, test } from './fixtures';

// The demo's collect loop as the README walks through it: the demo shop (collectUrl '/collect')
// on scripts/serve.mjs, a session that ends, its line in sessions.jsonl, and `export-csv` reading
// that file. The test starts its own server with its own `--collect` file, so that it neither
// touches demo-data/ nor depends on what other tests send to the suite's server.
test.describe.configure({ mode: 'serial' });

const MORNING = new Date(2026, 10, 20, 10, 0, 0);
let server: ChildProcess;
let base: string;
let collectFile: string;

/** A port nobody listens on now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

test.beforeAll(async () => {
  collectFile = path.join(tempDir(), 'data', 'sessions.jsonl');
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--quiet', '--collect', collectFile], {
    stdio: 'inherit',
  });
  await expect
    .poll(
      () =>
        fetch(`${base}/examples/shop/`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 10_000 },
    )
    .toBe(200);
});

test.afterAll(() => {
  server?.kill();
});

const lines = () => (existsSync(collectFile) ? readFileSync(collectFile, 'utf8').split('\n').filter(Boolean) : []);

test('the demo collect loop: a browsed session ends, POST /collect appends it to sessions.jsonl, export-csv converts it', async ({
  page,
}) => {
  await recordEvents(page);
  await page.clock.install({ time: MORNING });
  const visit = async (paths: string[]) => {
    for (const p of paths) {
      await page.goto(`${base}/examples/shop/${p}`);
      await nextDecision(page);
      await page.clock.fastForward(20_000);
    }
  };
  await visit(['index.html', 'product-trail-runner.html', 'cart.html', 'checkout.html', 'thank-you.html']);
  expect(lines()).toEqual([]); // the session is still going
  await page.clock.fastForward('31:00'); // 30 minutes without a page view end it
  await visit(['about.html']); // the next page view finds it ended and sends it
  await expect.poll(() => lines().length, { timeout: 10_000 }).toBe(1);
  const record = JSON.parse(lines()[0]);
  expect(record).toMatchObject({ schemaVersion: 1, Revenue: true, endReason: 'timeout', arm: 'treatment' });
  expect(record.features).toMatchObject({ ProductRelated: 3 });
  // Each score carries its model and the features it scored (the state at that page view).
  expect(record.scores.length).toBeGreaterThan(0);
  for (const s of record.scores) {
    expect(s.modelVersion).toMatch(/^(full|behavioral)-[0-9a-f]{12}$/);
    expect(s.features.ProductRelated + s.features.Administrative + s.features.Informational).toBeLessThanOrEqual(
      s.pageIndex,
    );
  }
  const csv = path.join(path.dirname(collectFile), 'sessions.csv');
  const run = runCli('export-csv', ['--records', collectFile, '--out', csv]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('1 sessions (1 with a purchase)');
  const [header, row, ...rest] = readFileSync(csv, 'utf8').trim().split('\n');
  expect(header).toBe(EXPORT_CSV_HEADER);
  expect(rest).toEqual([]);
  const cells = Object.fromEntries(header.split(',').map((c, i) => [c, row.split(',')[i]]));
  expect(cells).toMatchObject({ ProductRelated: '3', Revenue: 'TRUE', arm: 'treatment', hasPageStats: 'TRUE' });
});

test('POST /collect refuses what is not one SessionExport: 400 invalid JSON or record, 415 another type, 413 over 64 KB, 405 not a POST', async () => {
  const before = lines().length;
  const post = (body: string, type = 'application/json') =>
    fetch(`${base}/collect`, { method: 'POST', body, headers: { 'content-type': type } });
  const bad = await post('{"schemaVersion": 1');
  expect(bad.status).toBe(400);
  const wrong = await post(JSON.stringify({ schemaVersion: 1, features: {} }), 'text/plain');
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toMatch(/features\.Administrative/);
  expect((await post('[]')).status).toBe(400);
  expect((await post('{}', 'application/x-www-form-urlencoded')).status).toBe(415);
  expect((await post(`{"pad": "${'x'.repeat(70_000)}"}`)).status).toBe(413);
  expect((await fetch(`${base}/collect`)).status).toBe(405);
  expect(lines()).toHaveLength(before); // nothing written
});

test('POST /collect answers 429 past 60 requests a minute from one address', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 62; i++)
    statuses.push(
      (await fetch(`${base}/collect`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }))
        .status,
    );
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
});
