// A tiny static file server for the demo and the end-to-end tests: serves the repository root on
// 127.0.0.1 only. `--csp` adds a strict Content-Security-Policy (no inline script, no eval).
// `POST /collect` is the demo's collect endpoint (the SDK's `collectUrl`): each valid SessionExport
// is appended as one line to `--collect <file>` (default $COLLECT_FILE, else demo-data/sessions.jsonl),
// the file `npm run export-csv -- --records` reads.
import { createReadStream, statSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    csp: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    collect: { type: 'string', default: process.env.COLLECT_FILE || 'demo-data/sessions.jsonl' },
  },
});
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm', // WebAssembly.instantiateStreaming refuses anything else (a host page's tfjs wasm backend)
  '.csv': 'text/csv',
};
const CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

/** Largest record accepted: sendBeacon's own quota (64 KiB in flight); an export with 50 scores is about 25 KB. */
const COLLECT_MAX_BYTES = 64 * 1024;
/** Records accepted per client address and minute: a demo visitor ends far fewer sessions; a loop does not fill the disk. */
const COLLECT_PER_MINUTE = 60;
const collectFile = path.resolve(values.collect);
/** Requests per address in the current minute: [window start, count]. */
const recent = new Map();
let appending = Promise.resolve();
let validator;

/**
 * The pipeline's own check of an exported session (model/src/feedback/session-export.ts, which
 * `export-csv` runs on every line), so that every line written here converts: one rule, not a copy.
 * It is TypeScript, loaded through tsx (a dev dependency, as is everything `npm run demo` builds with).
 */
const validateExport = () =>
  (validator ??= import('tsx/esm/api')
    .then(({ tsImport }) => tsImport('../model/src/feedback/session-export.ts', import.meta.url))
    .then((m) => m.validateExport));

/** Whether this address has used up its minute. */
function overRate(address) {
  const now = Date.now();
  const [start, count] = recent.get(address) ?? [now, 0];
  const fresh = now - start >= 60_000;
  recent.set(address, fresh ? [now, 1] : [start, count + 1]);
  if (recent.size > 10_000) recent.clear(); // bounded memory: forgetting everyone only lets them start over
  return !fresh && count + 1 > COLLECT_PER_MINUTE;
}

/**
 * `POST /collect`: 204 when the record was appended; 405 for another method, 429 over the rate,
 * 415 for a body that is not JSON or text (sendBeacon sends the SDK's Blob as application/json; a
 * string would come as text/plain), 413 over the size limit, 400 for invalid JSON or a record that
 * is not a SessionExport (the body names the field).
 */
function collect(req, res) {
  const answer = (status, text = '') =>
    res.writeHead(status, text ? { 'content-type': 'text/plain; charset=utf-8' } : {}).end(text);
  if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
  if (overRate(req.socket.remoteAddress ?? '')) return answer(429, 'too many requests: at most 60 a minute');
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') return answer(415, 'expected application/json');
  const tooLarge = () => {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`the record is over ${COLLECT_MAX_BYTES} bytes`, () => req.destroy());
  };
  if (Number(req.headers['content-length'] ?? 0) > COLLECT_MAX_BYTES) return tooLarge();
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= COLLECT_MAX_BYTES) chunks.push(chunk);
    else if (!res.headersSent) tooLarge();
  });
  req.on('end', async () => {
    if (res.headersSent) return;
    let record;
    try {
      record = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      return answer(400, `not valid JSON: ${e.message}`);
    }
    let check;
    try {
      check = await validateExport();
    } catch (e) {
      return answer(503, `the collect endpoint cannot load the validator (is tsx installed?): ${e.message}`);
    }
    try {
      check(record, { file: 'POST /collect', line: 0 });
    } catch (e) {
      return answer(400, e.message);
    }
    // One line per record whatever the body's whitespace; appends run one after another.
    const line = `${JSON.stringify(record)}\n`;
    appending = appending
      .then(() => mkdir(path.dirname(collectFile), { recursive: true }))
      .then(() => appendFile(collectFile, line));
    try {
      await appending;
    } catch (e) {
      appending = Promise.resolve();
      return answer(500, `could not write ${collectFile}: ${e.message}`);
    }
    if (!values.quiet) console.log(`collected a session (${record.endReason}) in ${collectFile}`);
    answer(204);
  });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/collect') return collect(req, res);
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end(); // browsers ask; a 404 would log an error
  let file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    statSync(file);
  } catch {
    return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  const headers = {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  };
  if (values.csp) headers['content-security-policy'] = CSP;
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  if (!values.quiet) {
    const at = `http://localhost:${values.port}`;
    console.log(
      `intent-tracker examples: ${at}/examples/ (sessions the demo collects: ${collectFile})\n  demo shop:        ${at}/examples/shop/\n  single-page app:  ${at}/examples/spa/\n  ESM, no bundler:  ${at}/examples/esm/\n  threshold tuner:  ${at}/examples/tuner/\n(serving ${root} on 127.0.0.1; Ctrl+C to stop)`,
    );
  }
});
