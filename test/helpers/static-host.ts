import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FetchResponse, LoadOptions } from '../../src/model/runtime';

/** The `fetch` the SDK's model loader takes. */
export type Fetch = NonNullable<LoadOptions['fetch']>;

/** What a static host answers: 200 with the bytes, or the given error status with an empty body. */
export function response(body: Uint8Array | number): FetchResponse {
  if (typeof body === 'number')
    return { ok: false, status: body, json: async () => ({}), arrayBuffer: async () => new ArrayBuffer(0) };
  return {
    ok: true,
    status: 200,
    json: async () => JSON.parse(Buffer.from(body).toString('utf8')) as unknown,
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

/** A fetch serving `${base}/<path>` from the folder `dir`, like a static host; 404 for anything else. */
export function folderFetch(base: string, dir: string): Fetch {
  return async (url) => {
    if (!url.startsWith(`${base}/`)) return response(404);
    try {
      return response(readFileSync(path.join(dir, url.slice(base.length + 1))));
    } catch {
      return response(404);
    }
  };
}
