import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initNodeBackend } from '../../model/src/learners/backend';
import { loadModel } from '../../src/model/runtime';
import type { EncoderSpec } from '../../src/features/types';
import { record } from '../helpers/records';
import { response, type Fetch } from '../helpers/static-host';

// The contract of docs/scaling.md ("Training elsewhere"): a model trained outside this repository
// (Keras on a cluster, converted with tensorflowjs_converter) plus a hand-written encoder.json load
// and score in the SDK's runtime. Everything below is written out literally, as such a pipeline
// would produce it, and the expected probabilities are computed by hand.

const BASE = 'https://shop.test/models';

/** encoder.json: 5 inputs in the order numeric, flags, one-hot blocks; `inputNames` spells it out. */
const encoder: EncoderSpec = {
  schemaVersion: 1,
  variant: 'behavioral',
  numeric: [
    { column: 'ProductRelated', transform: 'log1p', mean: 1, std: 2 },
    { column: 'SpecialDay', transform: 'identity', mean: 0.2, std: 0.4 },
  ],
  flags: [{ column: 'Weekend', test: 'true' }],
  categorical: [{ column: 'VisitorType', categories: ['New_Visitor', 'Returning_Visitor'], prior: [0.25, 0.75] }],
  inputNames: [
    'log1p(ProductRelated)',
    'SpecialDay',
    'Weekend',
    'VisitorType=New_Visitor',
    'VisitorType=Returning_Visitor',
  ],
};

// Dense "dense" (5 -> 2, relu): Keras kernels are [inputs, units], row-major.
const KERNEL_1 = [
  1,
  -1, //   log1p(ProductRelated)
  0.5,
  0, //  SpecialDay
  0,
  2, //    Weekend
  1,
  0, //    VisitorType=New_Visitor
  0,
  1, //    VisitorType=Returning_Visitor
];
const BIAS_1 = [0.5, -0.5];
// Dense "dense_1" (2 -> 1, sigmoid): the calibrated probability, calibration folded in.
const KERNEL_2 = [2, -1];
const BIAS_2 = [-1];

/** weights.bin: little-endian float32, entries back to back in weightsManifest order. */
const WEIGHTS = Buffer.from(new Float32Array([...KERNEL_1, ...BIAS_1, ...KERNEL_2, ...BIAS_2]).buffer);

const MANIFEST = [
  {
    paths: ['group1-shard1of1.bin'],
    weights: [
      { name: 'dense/kernel', shape: [5, 2], dtype: 'float32' },
      { name: 'dense/bias', shape: [2], dtype: 'float32' },
      { name: 'dense_1/kernel', shape: [2, 1], dtype: 'float32' },
      { name: 'dense_1/bias', shape: [1], dtype: 'float32' },
    ],
  },
];

/** What the contract requires the pipeline to add to model.json after conversion. */
const METADATA = {
  variant: 'behavioral',
  modelVersion: 'behavioral-keras-2024-06-01',
  encoderSchemaVersion: 1,
  threshold: 0.3,
};

const dense = (name: string, units: number, activation: string) => ({
  class_name: 'Dense',
  config: {
    name,
    trainable: true,
    dtype: 'float32',
    units,
    activation,
    use_bias: true,
    kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
    bias_initializer: { class_name: 'Zeros', config: {} },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  },
});

/** model.json as tensorflowjs_converter --input_format keras writes it for a tf.keras 2 Sequential model saved as .h5. */
const SEQUENTIAL = {
  format: 'layers-model',
  generatedBy: 'keras v2.15.0',
  convertedBy: 'TensorFlow.js Converter v4.22.0',
  modelTopology: {
    keras_version: '2.15.0',
    backend: 'tensorflow',
    model_config: {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          {
            class_name: 'InputLayer',
            config: {
              batch_input_shape: [null, 5],
              dtype: 'float32',
              sparse: false,
              ragged: false,
              name: 'dense_input',
            },
          },
          dense('dense', 2, 'relu'),
          dense('dense_1', 1, 'sigmoid'),
        ],
      },
    },
  },
  weightsManifest: MANIFEST,
  userDefinedMetadata: METADATA,
};

/** The same network as a Keras 2 Functional model: one chain, each layer fed by the previous one. */
const FUNCTIONAL = {
  ...SEQUENTIAL,
  modelTopology: {
    keras_version: '2.15.0',
    backend: 'tensorflow',
    model_config: {
      class_name: 'Functional',
      config: {
        name: 'intent',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'features',
            config: { batch_input_shape: [null, 5], dtype: 'float32', sparse: false, ragged: false, name: 'features' },
            inbound_nodes: [],
          },
          { ...dense('dense', 2, 'relu'), name: 'dense', inbound_nodes: [[['features', 0, 0, {}]]] },
          { ...dense('dense_1', 1, 'sigmoid'), name: 'dense_1', inbound_nodes: [[['dense', 0, 0, {}]]] },
        ],
        input_layers: [['features', 0, 0]],
        output_layers: [['dense_1', 0, 0]],
      },
    },
  },
};

/** A static host serving `${BASE}/behavioral/` with the given model.json. */
function host(modelJson: object): Fetch {
  const files: Record<string, Buffer> = {
    [`${BASE}/behavioral/model.json`]: Buffer.from(JSON.stringify(modelJson)),
    [`${BASE}/behavioral/encoder.json`]: Buffer.from(JSON.stringify(encoder)),
    [`${BASE}/behavioral/group1-shard1of1.bin`]: WEIGHTS,
  };
  return async (url) => response(files[url] ?? 404);
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Three sessions and their probabilities, worked out by hand from the weights above. */
const CASES = [
  {
    // x = [(log1p(0) - 1) / 2, (0.6 - 0.2) / 0.4, 1, 1, 0] = [-0.5, 1, 1, 1, 0]
    // h = relu([-0.5 + 0.5 + 0 + 1 + 0.5, 0.5 + 0 + 2 + 0 - 0.5]) = [1.5, 2]; z = 2 * 1.5 - 2 - 1 = 0
    session: record({ ProductRelated: 0, SpecialDay: 0.6, Weekend: true, VisitorType: 'New_Visitor' }),
    probability: 0.5,
  },
  {
    // An unseen visitor type encodes as the prior: x = [-0.5, 0, 0, 0.25, 0.75]
    // h = relu([-0.5 + 0.25 + 0.5, 0.5 + 0.75 - 0.5]) = [0.25, 0.75]; z = 0.5 - 0.75 - 1 = -1.25
    session: record({ ProductRelated: 0, SpecialDay: 0.2, Weekend: false, VisitorType: 'Other' }),
    probability: sigmoid(-1.25), // 0.2227
  },
  {
    // log1p(e² - 1) = 2: x = [0.5, 0, 0, 0, 1]; h = relu([0.5 + 0.5, -0.5 + 1 - 0.5]) = [1, 0]; z = 2 - 0 - 1 = 1
    session: record({
      ProductRelated: Math.E ** 2 - 1,
      SpecialDay: 0.2,
      Weekend: false,
      VisitorType: 'Returning_Visitor',
    }),
    probability: sigmoid(1), // 0.7311
  },
];

for (const [name, modelJson] of [
  ['Sequential', SEQUENTIAL],
  ['Functional', FUNCTIONAL],
] as const) {
  test(`a hand-built Keras-style ${name} model following the contract loads in the SDK runtime and scores as computed by hand`, async () => {
    const m = await loadModel(BASE, 'behavioral', { fetch: host(modelJson) });
    assert.equal(m.modelVersion, METADATA.modelVersion);
    assert.equal(m.threshold, 0.3);
    assert.deepEqual(m.inputNames, encoder.inputNames);
    for (const c of CASES)
      assert.ok(Math.abs(m.score(c.session) - c.probability) < 1e-6, `${m.score(c.session)} vs ${c.probability}`);
    m.dispose();
  });
}

test('the same files are a standard LayersModel: full tfjs loads them and agrees', async () => {
  await initNodeBackend();
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: SEQUENTIAL.modelTopology,
      weightSpecs: MANIFEST[0].weights as tf.io.WeightsManifestEntry[],
      weightData: WEIGHTS.buffer.slice(WEIGHTS.byteOffset, WEIGHTS.byteOffset + WEIGHTS.byteLength) as ArrayBuffer,
    }),
  );
  const x = tf.tensor2d([
    [-0.5, 1, 1, 1, 0],
    [-0.5, 0, 0, 0.25, 0.75],
    [0.5, 0, 0, 0, 1],
  ]);
  const p = Array.from((model.predict(x) as tf.Tensor).dataSync());
  p.forEach((v, i) => assert.ok(Math.abs(v - CASES[i].probability) < 1e-6, `${v} vs ${CASES[i].probability}`));
  tf.dispose(x);
  model.dispose();
});

test('a converted model without the required userDefinedMetadata, or without a sigmoid output, is refused', async () => {
  const { userDefinedMetadata: _, ...bare } = SEQUENTIAL;
  await assert.rejects(
    loadModel(BASE, 'behavioral', { fetch: host(bare) }),
    /userDefinedMetadata needs modelVersion \(string\) and threshold \(0\.\.1\)/,
  );
  const nested = { ...SEQUENTIAL, userDefinedMetadata: { intent: METADATA } }; // what --metadata intent:meta.json writes
  await assert.rejects(
    loadModel(BASE, 'behavioral', { fetch: host(nested) }),
    /userDefinedMetadata needs modelVersion/,
  );
  const linear = JSON.parse(JSON.stringify(SEQUENTIAL));
  linear.modelTopology.model_config.config.layers[2].config.activation = 'linear';
  await assert.rejects(
    loadModel(BASE, 'behavioral', { fetch: host(linear) }),
    /the last layer must be Dense\(1, sigmoid\)/,
  );
});
