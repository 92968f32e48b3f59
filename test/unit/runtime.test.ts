import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_PATHS } from '../../model/src/cli/cli';
import { readUciCsv } from '../../model/src/data/csv';
import { encode } from '../../src/features/encode';
import { loadModel, type LoadOptions } from '../../src/model/runtime';
import type { EncoderSpec } from '../../src/features/types';
import { record } from '../helpers/records';
import { folderFetch, response, type Fetch } from '../helpers/static-host';

// The runtime is the browser's only scorer: it must reproduce the scores recorded at training time
// from the committed artifacts, and fail loudly (naming the file) on anything it cannot run.

const BASE = 'https://cdn.test/models';
const data = readUciCsv(DEFAULT_PATHS.data);
const disk = (variant: string, file: string): Buffer => readFileSync(path.join(DEFAULT_PATHS.artifacts, variant, file));
const json = (variant: string, file: string) => JSON.parse(disk(variant, file).toString('utf8'));

type Served = Uint8Array | string | number | object;

/**
 * A fetch over the committed artifacts (`${BASE}/<variant>/<file>`); `overrides` replaces a URL's
 * body (bytes, raw text, a JSON value) or answers it with an HTTP status number. Records the URLs.
 */
function files(overrides: Record<string, Served> = {}): Fetch & { urls: string[] } {
  const urls: string[] = [];
  const committed = folderFetch(BASE, DEFAULT_PATHS.artifacts);
  const fetch = async (url: string) => {
    urls.push(url);
    const body = overrides[url];
    if (body === undefined) return committed(url);
    return response(
      typeof body === 'number' || body instanceof Uint8Array
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  };
  return Object.assign(fetch, { urls });
}

for (const variant of ['full', 'behavioral'] as const) {
  const metrics = json(variant, 'metrics.json');

  test(`${variant}: scores the sample rows exactly as recorded in metrics.json, with its metadata`, async () => {
    const m = await loadModel(BASE, variant, { fetch: files() });
    const encoder: EncoderSpec = json(variant, 'encoder.json');
    assert.equal(m.variant, variant);
    assert.equal(m.modelVersion, metrics.modelVersion);
    assert.equal(m.threshold, metrics.shipped.threshold);
    assert.equal(m.threshold, json(variant, 'model.json').userDefinedMetadata.threshold);
    assert.deepEqual(m.inputNames, encoder.inputNames);
    const { rows, probabilities } = metrics.sample as { rows: number[]; probabilities: number[] };
    assert.ok(rows.length >= 10 && new Set(probabilities).size > 5, 'the sample must be informative');
    rows.forEach((r, k) => {
      const p = m.score(data.rows[r]);
      assert.ok(Math.abs(p - probabilities[k]) <= 1e-5, `row ${r}: ${p} vs recorded ${probabilities[k]}`);
    });
    m.dispose();
  });

  test(`${variant}: leaveRisk reproduces the leave risks recorded in metrics.json, from leave-model.json`, async () => {
    const m = await loadModel(BASE, variant, { fetch: files() });
    const leave = json(variant, 'leave-model.json').userDefinedMetadata;
    assert.deepEqual(leave, {
      target: 'leave-within-2',
      variant,
      modelVersion: metrics.modelVersion,
      encoderSchemaVersion: json(variant, 'encoder.json').schemaVersion,
    });
    const { rows, probabilities } = metrics.leaveRisk.sample as { rows: number[]; probabilities: number[] };
    assert.deepEqual(rows, metrics.sample.rows);
    assert.ok(rows.length >= 10 && new Set(probabilities).size > 5, 'the sample must be informative');
    rows.forEach((r, k) => {
      const l = m.leaveRisk(data.rows[r]);
      assert.ok(l !== null && Math.abs(l - probabilities[k]) <= 1e-5, `row ${r}: ${l} vs recorded ${probabilities[k]}`);
    });
    m.dispose();
    assert.throws(() => m.leaveRisk(data.rows[0]), /intent-tracker: model .* was disposed/);
  });

  test(`${variant}: loading and scoring leave a tfjs the process already runs as it was; dispose() ends scoring`, async () => {
    // A shop's own tfjs shares one global engine per page; the runtime must not register, select or allocate on it.
    await tf.setBackend('cpu');
    const own = tf.tensor([1, 2, 3]);
    const before = {
      backend: tf.getBackend(),
      tensors: tf.memory().numTensors,
      kernels: tf.getKernelsForBackend('cpu').length,
    };
    const m = await loadModel(`${BASE}/`, variant, { fetch: files() });
    for (let i = 0; i < 1000; i++) assert.ok(m.score(data.rows[i]) >= 0);
    const after = {
      backend: tf.getBackend(),
      tensors: tf.memory().numTensors,
      kernels: tf.getKernelsForBackend('cpu').length,
    };
    assert.deepEqual(after, before);
    assert.deepEqual([...own.dataSync()], [1, 2, 3]);
    own.dispose();
    m.dispose();
    m.dispose();
    assert.throws(() => m.score(data.rows[0]), /intent-tracker: model .* was disposed/);
  });
}

test('baseUrl with or without a trailing slash requests the same five files', async () => {
  const a = files();
  const b = files();
  (await loadModel(BASE, 'full', { fetch: a })).dispose();
  (await loadModel(`${BASE}//`, 'full', { fetch: b })).dispose();
  const want = ['model.json', 'encoder.json', 'weights.bin', 'leave-model.json', 'leave-weights.bin'].map(
    (f) => `${BASE}/full/${f}`,
  );
  assert.deepEqual([...a.urls].sort(), [...want].sort());
  assert.deepEqual([...b.urls].sort(), [...want].sort());
});

test('an encoder problem in score() is an Error naming the column', async () => {
  const m = await loadModel(BASE, 'behavioral', { fetch: files() });
  assert.throws(
    () => m.score(record({ ProductRelated: Number.NaN })),
    (e: Error) => e instanceof Error && /ProductRelated/.test(e.message),
  );
  m.dispose();
});

test('weights split over several files are concatenated in manifest order', async () => {
  const model = json('full', 'model.json');
  const bin = disk('full', 'weights.bin');
  // Shards split mid-tensor, as the tfjs converter does at its shard size.
  model.weightsManifest[0].paths = ['shard1of3.bin', 'shard2of3.bin', 'shard3of3.bin'];
  const fetch = files({
    [`${BASE}/full/model.json`]: model,
    [`${BASE}/full/shard1of3.bin`]: bin.subarray(0, 1001),
    [`${BASE}/full/shard2of3.bin`]: bin.subarray(1001, 5000),
    [`${BASE}/full/shard3of3.bin`]: bin.subarray(5000),
  });
  const sharded = await loadModel(BASE, 'full', { fetch });
  const whole = await loadModel(BASE, 'full', { fetch: files() });
  for (const i of [0, 7, 42, 1000]) assert.equal(sharded.score(data.rows[i]), whole.score(data.rows[i]));
  sharded.dispose();
  whole.dispose();
});

/** Deterministic weights in [-1, 1). */
function pseudoRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

test('a Functional model with InputLayer, tanh, linear, no-bias and uint8-quantized layers matches a plain JS forward pass', async () => {
  const encoder: EncoderSpec = json('behavioral', 'encoder.json');
  const width = encoder.inputNames.length;
  const spec = [
    { name: 'h1', units: 6, activation: 'tanh', bias: true },
    { name: 'h2', units: 4, activation: 'linear', bias: false },
    { name: 'h3', units: 3, activation: 'relu', bias: true, quantized: true },
    { name: 'out', units: 1, activation: 'sigmoid', bias: true },
  ];
  const layers: unknown[] = [
    {
      class_name: 'InputLayer',
      name: 'in',
      config: { name: 'in', batch_input_shape: [null, width] },
      inbound_nodes: [],
    },
  ];
  const manifest: unknown[] = [];
  const chunks: Uint8Array[] = [];
  const ref: { w: Float32Array; b: Float32Array | null; rows: number; units: number; activation: string }[] = [];
  let rows = width;
  spec.forEach((l, i) => {
    layers.push({
      class_name: 'Dense',
      name: l.name,
      config: { name: l.name, units: l.units, activation: l.activation, use_bias: l.bias },
      inbound_nodes: [[[i === 0 ? 'in' : spec[i - 1].name, 0, 0, {}]]],
    });
    const w = pseudoRandom(rows * l.units, 7 + i);
    const b = l.bias ? pseudoRandom(l.units, 100 + i) : null;
    if (l.quantized) {
      // tfjs converter layout: value = q * scale + min; the reference uses the dequantized weights.
      const min = -1,
        scale = 2 / 255;
      const q = Uint8Array.from(w, (x) => Math.round((x - min) / scale));
      q.forEach((v, k) => {
        w[k] = v * scale + min;
      });
      manifest.push({
        name: `${l.name}/kernel`,
        shape: [rows, l.units],
        dtype: 'float32',
        quantization: { dtype: 'uint8', min, scale },
      });
      chunks.push(q);
    } else {
      manifest.push({ name: `${l.name}/kernel`, shape: [rows, l.units], dtype: 'float32' });
      chunks.push(new Uint8Array(w.buffer));
    }
    if (b) {
      manifest.push({ name: `${l.name}/bias`, shape: [l.units], dtype: 'float32' });
      chunks.push(new Uint8Array(b.buffer));
    }
    ref.push({ w, b, rows, units: l.units, activation: l.activation });
    rows = l.units;
  });
  const model = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Functional',
      config: { name: 'syn', layers, input_layers: [['in', 0, 0]], output_layers: [['out', 0, 0]] },
    },
    weightsManifest: [{ paths: ['w.bin'], weights: manifest }],
    userDefinedMetadata: {
      variant: 'behavioral',
      modelVersion: 'behavioral-synthetic',
      encoderSchemaVersion: encoder.schemaVersion,
      threshold: 0.5,
    },
  };
  const act: Record<string, (x: number) => number> = {
    tanh: Math.tanh,
    linear: (x) => x,
    relu: (x) => Math.max(0, x),
    sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  };
  const forward = (x: Float32Array): number => {
    let h = Array.from(x);
    for (const l of ref) {
      h = Array.from({ length: l.units }, (_, j) =>
        act[l.activation](h.reduce((s, v, k) => s + v * l.w[k * l.units + j], l.b ? l.b[j] : 0)),
      );
    }
    return h[0];
  };
  const m = await loadModel(BASE, 'behavioral', {
    fetch: files({
      [`${BASE}/behavioral/model.json`]: model,
      [`${BASE}/behavioral/w.bin`]: Buffer.concat(chunks),
      // The committed leave-risk net belongs to the committed model.json, not to this synthetic one.
      [`${BASE}/behavioral/leave-model.json`]: 404,
    }),
  });
  assert.equal(m.modelVersion, 'behavioral-synthetic');
  const outputs = new Set<number>();
  for (const i of [0, 1, 2, 3, 500, 4000]) {
    const want = forward(encode(encoder, data.rows[i]));
    const got = m.score(data.rows[i]);
    outputs.add(Math.round(got * 1e4));
    assert.ok(Math.abs(got - want) < 1e-5, `row ${i}: ${got} vs ${want}`);
  }
  assert.ok(outputs.size > 1, 'the synthetic net must not be constant');
  m.dispose();
});

/** Loads 'full' with one file replaced; resolves to the thrown Error. */
async function failure(file: string, body: Served, options: LoadOptions = {}): Promise<Error> {
  try {
    const m = await loadModel(BASE, 'full', { fetch: files({ [`${BASE}/full/${file}`]: body }), ...options });
    m.dispose();
  } catch (e) {
    return e as Error;
  }
  throw new Error(`loading with a bad ${file} should have failed`);
}

test('an unsupported layer class or activation is refused with the layer named', async () => {
  const model = json('full', 'model.json');
  model.modelTopology.config.layers[0].class_name = 'BatchNormalization';
  assert.match(
    (await failure('model.json', model)).message,
    new RegExp(
      `^intent-tracker: unsupported layer BatchNormalization \\(hidden\\) in ${BASE}/full/model\\.json; the small runtime runs Dense layers only$`,
    ),
  );
  const elu = json('full', 'model.json');
  elu.modelTopology.config.layers[0].config.activation = 'elu';
  assert.match((await failure('model.json', elu)).message, /unsupported activation elu in layer hidden/);
});

test('a weights file of the wrong size is refused with the file named, not decoded into garbage', async () => {
  const bin = disk('full', 'weights.bin');
  assert.match(
    (await failure('weights.bin', bin.subarray(0, bin.length - 4))).message,
    new RegExp(
      `weights file ${BASE}/full/weights\\.bin has ${bin.length - 4} bytes but model\\.json describes ${bin.length}`,
    ),
  );
  assert.match(
    (await failure('weights.bin', Buffer.concat([bin, Buffer.alloc(8)]))).message,
    /weights\.bin has \d+ bytes but model\.json describes/,
  );
});

test('a manifest shape that does not fit the topology is refused', async () => {
  const model = json('full', 'model.json');
  model.weightsManifest[0].weights[0].shape = [80, 25];
  assert.match((await failure('model.json', model)).message, /layer hidden needs kernel \[25,80\]/);
});

test('HTTP errors and invalid JSON name the URL', async () => {
  assert.match(
    (await failure('weights.bin', 404)).message,
    new RegExp(`GET ${BASE}/full/weights\\.bin failed with HTTP 404`),
  );
  assert.match(
    (await failure('encoder.json', 503)).message,
    new RegExp(`GET ${BASE}/full/encoder\\.json failed with HTTP 503`),
  );
  assert.match(
    (await failure('model.json', '{"format": "layers-model",')).message,
    new RegExp(`${BASE}/full/model\\.json is not valid JSON`),
  );
});

test('mismatched artifacts are refused: encoder of another variant, missing metadata', async () => {
  assert.match(
    (await failure('encoder.json', json('behavioral', 'encoder.json'))).message,
    /asked for variant full.*encoder\.json says behavioral/,
  );
  const model = json('full', 'model.json');
  delete model.userDefinedMetadata;
  assert.match((await failure('model.json', model)).message, /userDefinedMetadata needs modelVersion/);
});

test('an encoder schema this SDK cannot read, or one model.json does not name, is refused up front', async () => {
  const encoder = json('full', 'encoder.json');
  assert.equal(encoder.schemaVersion, 1);
  assert.match(
    (await failure('encoder.json', { ...encoder, schemaVersion: 3 })).message,
    /encoder schema 3 \(model\.json: 1\) but this SDK reads 1 or 2/,
  );
  const model = json('full', 'model.json');
  model.userDefinedMetadata.encoderSchemaVersion = 2;
  assert.match((await failure('model.json', model)).message, /encoder schema 1 \(model\.json: 2\)/);
});

test('a folder without leave-model.json (404) loads and scores as before; leaveRisk is null', async () => {
  const fetch = files({ [`${BASE}/full/leave-model.json`]: 404 });
  const m = await loadModel(BASE, 'full', { fetch });
  const whole = await loadModel(BASE, 'full', { fetch: files() });
  assert.equal(m.leaveRisk(data.rows[0]), null);
  for (const i of [0, 7, 42]) assert.equal(m.score(data.rows[i]), whole.score(data.rows[i]));
  assert.ok(!fetch.urls.some((u) => u.endsWith('/leave-weights.bin')), 'no leave weights requested');
  m.dispose();
  whole.dispose();
});

test('a leave-risk model that is there but fails is an Error naming its file, not a null leaveRisk', async () => {
  assert.match(
    (await failure('leave-model.json', 503)).message,
    new RegExp(`GET ${BASE}/full/leave-model\\.json failed with HTTP 503`),
  );
  assert.match((await failure('leave-model.json', '{"format"')).message, /leave-model\.json is not valid JSON/);
  assert.match(
    (await failure('leave-weights.bin', 404)).message,
    new RegExp(`GET ${BASE}/full/leave-weights\\.bin failed with HTTP 404`),
  );
  const bin = disk('full', 'leave-weights.bin');
  assert.match(
    (await failure('leave-weights.bin', bin.subarray(0, bin.length - 4))).message,
    new RegExp(`weights file ${BASE}/full/leave-weights\\.bin has ${bin.length - 4} bytes`),
  );
  const leave = json('full', 'leave-model.json');
  leave.modelTopology.config.layers[0].config.activation = 'elu';
  assert.match((await failure('leave-model.json', leave)).message, /unsupported activation elu in layer hidden/);
  const stale = json('full', 'leave-model.json');
  stale.userDefinedMetadata.modelVersion = 'full-000000000000';
  assert.match(
    (await failure('leave-model.json', stale)).message,
    new RegExp(
      `${BASE}/full/leave-model\\.json: userDefinedMetadata must name target leave-within-2, variant full, modelVersion`,
    ),
  );
  const other = json('full', 'leave-model.json');
  other.userDefinedMetadata.target = 'purchase';
  assert.match((await failure('leave-model.json', other)).message, /leave-model\.json: userDefinedMetadata must name/);
});

test('a request that never answers fails after timeoutMs with the URL, and is aborted', async () => {
  let signal: AbortSignal | undefined;
  const hang: Fetch = (url, init) => {
    if (url.endsWith('/encoder.json')) signal = init?.signal;
    return url.endsWith('/encoder.json') ? new Promise(() => {}) : files()(url);
  };
  const t0 = Date.now();
  await assert.rejects(
    loadModel(BASE, 'full', { fetch: hang, timeoutMs: 50 }),
    new RegExp(`^Error: intent-tracker: request for ${BASE}/full/encoder\\.json timed out after 50 ms$`),
  );
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(signal?.aborted, true);
});
