// A tiny static file server for the demo and the end-to-end tests: serves the repository root on
// 127.0.0.1 only. `--csp` adds a strict Content-Security-Policy (no inline script, no eval).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    csp: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
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

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
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
      `intent-tracker examples: ${at}/examples/\n  demo shop:        ${at}/examples/shop/\n  single-page app:  ${at}/examples/spa/\n  ESM, no bundler:  ${at}/examples/esm/\n  threshold tuner:  ${at}/examples/tuner/\n(serving ${root} on 127.0.0.1; Ctrl+C to stop)`,
    );
  }
});
