/**
 * The floor for score latency: the shipped model's forward pass in plain TypeScript, no tfjs.
 * Reads the same model.json + weights.bin (float32 only) and encoder.json as the SDK, encodes with the
 * same encoder, and runs the Dense layers (relu / sigmoid / linear) in two loops. bench/run.ts bundles it
 * for the browser into bench/.build/forward.js; it has the runtime's `loadModel(baseUrl, variant)` shape.
 */
import { encode } from '../src/features/encode';
import type { EncoderSpec, SessionRecord, Variant } from '../src/features/types';
import { ARTIFACT_FILES, variantFolder } from '../src/model/artifact-format';

/** The parts of a tfjs layers-model model.json read here (a Sequential stack of Dense layers). */
interface ModelJson {
  modelTopology: {
    config: { layers: { class_name: string; config: { name: string; units: number; activation: string } }[] };
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

interface Layer {
  kernel: Float32Array;
  bias: Float32Array;
  units: number;
  activation: string;
}

const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

export async function loadModel(baseUrl: string, variant: Variant): Promise<{ score(record: SessionRecord): number }> {
  const dir = variantFolder(baseUrl, variant);
  const [model, spec] = await Promise.all([
    getJson<ModelJson>(`${dir}/${ARTIFACT_FILES.model}`),
    getJson<EncoderSpec>(`${dir}/${ARTIFACT_FILES.encoder}`),
  ]);
  // One weights group, entries back to back in manifest order (the tfjs layout; the shipped models have one file).
  const group = model.weightsManifest[0];
  const buffer = await (await fetch(`${dir}/${group.paths[0]}`)).arrayBuffer();
  const weights = new Map<string, Float32Array>();
  let at = 0;
  for (const w of group.weights) {
    if (w.dtype !== 'float32') throw new Error(`forward.ts reads float32 weights only, ${w.name} is ${w.dtype}`);
    const n = w.shape.reduce((a, b) => a * b, 1);
    weights.set(w.name, new Float32Array(buffer, at, n));
    at += n * 4;
  }
  const layers: Layer[] = model.modelTopology.config.layers
    .filter((l) => l.class_name === 'Dense')
    .map(({ config: c }) => ({
      kernel: weights.get(`${c.name}/kernel`)!,
      bias: weights.get(`${c.name}/bias`)!,
      units: c.units,
      activation: c.activation,
    }));
  return {
    score(record: SessionRecord): number {
      let h: Float32Array = encode(spec, record);
      for (const { kernel, bias, units, activation } of layers) {
        const out = new Float32Array(units);
        for (let j = 0; j < units; j++) {
          // kernel is [inputs, units], row-major: input i's weight to unit j is at i * units + j.
          let s = bias[j];
          for (let i = 0; i < h.length; i++) s += h[i] * kernel[i * units + j];
          out[j] = activation === 'relu' ? Math.max(0, s) : activation === 'sigmoid' ? 1 / (1 + Math.exp(-s)) : s;
        }
        h = out;
      }
      return h[0];
    },
  };
}
