/**
 * Reference: the same model scored the way tfjs documents it, `tf.loadLayersModel` + `predict` from the
 * default `@tensorflow/tfjs` package. bench/run.ts bundles it for the browser into bench/.build/tfjs-ref.js
 * (rollup, from tfjs's own flat ESM bundle), with the runtime's `loadModel(baseUrl, variant)` shape.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from '../src/features/encode';
import type { EncoderSpec, SessionRecord } from '../src/types';

export async function loadModel(baseUrl: string, variant: string): Promise<{ score(record: SessionRecord): number }> {
  const dir = `${baseUrl.replace(/\/+$/, '')}/${variant}`;
  // The CPU backend, as our runtime uses: a like-for-like comparison (headless Chromium runs without a GPU here).
  await tf.setBackend('cpu');
  const [model, spec] = await Promise.all([tf.loadLayersModel(`${dir}/model.json`), fetch(`${dir}/encoder.json`).then((r) => r.json() as Promise<EncoderSpec>)]);
  return {
    score(record: SessionRecord): number {
      const x = encode(spec, record);
      return tf.tidy(() => (model.predict(tf.tensor2d(x, [1, x.length])) as tf.Tensor).dataSync()[0]);
    },
  };
}
