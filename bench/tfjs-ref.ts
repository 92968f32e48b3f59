/**
 * Reference: the same model scored the way tfjs documents it, `tf.loadLayersModel` + `predict` from the
 * default `@tensorflow/tfjs` package. bench/run.ts bundles it for the browser into bench/.build/tfjs-ref.js
 * (rollup, from tfjs's own flat ESM bundle), with the runtime's `loadModel(baseUrl, variant)` shape.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from '../src/features/encode';
import type { EncoderSpec, SessionRecord, Variant } from '../src/features/types';
import { ARTIFACT_FILES, variantFolder } from '../src/model/artifact-format';

export async function loadModel(baseUrl: string, variant: Variant): Promise<{ score(record: SessionRecord): number }> {
  const dir = variantFolder(baseUrl, variant);
  // The CPU backend: like for like with our plain-JavaScript runtime (headless Chromium runs without a GPU here).
  await tf.setBackend('cpu');
  const [model, spec] = await Promise.all([
    tf.loadLayersModel(`${dir}/${ARTIFACT_FILES.model}`),
    fetch(`${dir}/${ARTIFACT_FILES.encoder}`).then((r) => r.json() as Promise<EncoderSpec>),
  ]);
  return {
    score(record: SessionRecord): number {
      const x = encode(spec, record);
      return tf.tidy(() => (model.predict(tf.tensor2d(x, [1, x.length])) as tf.Tensor).dataSync()[0]);
    },
  };
}
