/**
 * The lazily loaded inference chunk: fetches a saved tfjs LayersModel plus its encoder and scores
 * sessions with a plain JavaScript forward pass.
 *
 * Why not TensorFlow.js at all: the shipped nets are a chain of small Dense layers (a few thousand
 * multiply-adds per score), and tfjs keeps one global engine per page. A shop whose own widgets run
 * tfjs shares that engine: its WASM or WebGL backend then ran our kernels ("memory access out of
 * bounds" on WASM), and registering or selecting a backend would have changed theirs. Measured with
 * `npm run bench`, loops over Float32Arrays score as fast as tfjs-core's CPU kernels did, agree with
 * full tfjs to 1e-7, and the chunk is a fraction of the size. So this file reads the topology and
 * weights itself (the standard tfjs format, see ./artifact-format) and touches no tfjs global.
 */
import { READABLE_ENCODER_SCHEMAS, encode } from '../features/encode';
import {
  ARTIFACT_FILES,
  LEAVE_TARGET,
  variantFolder,
  type LeaveModelMetadata,
  type ModelMetadata,
} from './artifact-format';
import type { EncoderSpec, SessionRecord, Variant } from '../features/types';

/** A loaded model: scores one session record. */
export interface RuntimeModel {
  variant: string;
  modelVersion: string;
  threshold: number;
  inputNames: string[];
  /** Calibrated purchase probability of one session (0..1). Throws a clear Error on encoder problems. */
  score(record: SessionRecord): number;
  /**
   * Calibrated probability that the visit ends within the next 2 page views (0..1), from
   * leave-model.json on the same encoded input as `score`; null when the model folder has no
   * leave-risk model (its leave-model.json answered 404).
   */
  leaveRisk(record: SessionRecord): number | null;
  /** Drops the weights; `score` and `leaveRisk` throw afterwards. */
  dispose(): void;
}

/** The part of a fetch `Response` the loader reads. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** Injected for tests and timeouts; defaults to globalThis.fetch. */
  fetch?: (url: string, init?: { signal?: AbortSignal }) => Promise<FetchResponse>;
  /** Abort each request after this many ms (default 10000) with an Error naming the URL. */
  timeoutMs?: number;
}

const P = 'intent-tracker:';
const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'];
// Bytes per stored value. Dense weights are float32, possibly quantized by the tfjs converter.
const BYTES: Record<string, number> = { float32: 4, float16: 2, uint16: 2, uint8: 1 };

interface Quantization {
  dtype: string;
  min?: number;
  scale?: number;
}
/** The fields of a tfjs `WeightsManifestEntry` we read. */
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: Quantization;
}
interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}
interface LayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown;
}
interface Weights {
  values: Float32Array;
  shape: number[];
}
interface Dense {
  kernel: Weights;
  bias: Weights | null;
  activation: string;
}

/** One Dense layer, y = activation(x · kernel + bias); kernel is [inputs, units], row-major. */
function dense(x: Float32Array, l: Dense): Float32Array {
  const [inputs, units] = l.kernel.shape;
  const k = l.kernel.values;
  // Float32Array storage between layers, as tfjs keeps float32 tensors: scores match it to 1e-7.
  const y = new Float32Array(units);
  for (let j = 0; j < units; j++) {
    let s = l.bias ? l.bias.values[j] : 0;
    for (let i = 0; i < inputs; i++) s += x[i] * k[i * units + j];
    y[j] =
      l.activation === 'relu'
        ? Math.max(0, s)
        : l.activation === 'sigmoid'
          ? 1 / (1 + Math.exp(-s))
          : l.activation === 'tanh'
            ? Math.tanh(s)
            : s;
  }
  return y;
}

/** A non-2xx answer: its status tells an optional file's 404 (absent) from a failure. */
class HttpError extends Error {
  status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** One request with a deadline that also covers reading the body: a stalled CDN must not hang the SDK. */
async function request<T>(url: string, opts: LoadOptions, read: (r: FetchResponse) => Promise<T>): Promise<T> {
  const fetchFn = opts.fetch ?? (globalThis.fetch as unknown as LoadOptions['fetch']);
  if (!fetchFn) throw new Error(`${P} no fetch() available to load ${url}`);
  const ms = opts.timeoutMs ?? 10000;
  const ctrl = typeof AbortController === 'function' ? new AbortController() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Race rather than only abort: an injected or polyfilled fetch may ignore the signal.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl?.abort();
      reject(new Error(`${P} request for ${url} timed out after ${ms} ms`));
    }, ms);
  });
  const run = async (): Promise<T> => {
    let res: FetchResponse;
    try {
      res = await fetchFn(url, ctrl && { signal: ctrl.signal });
    } catch (e) {
      throw new Error(`${P} could not fetch ${url}: ${(e as Error).message}`, { cause: e });
    }
    if (!res.ok) throw new HttpError(`${P} GET ${url} failed with HTTP ${res.status}`, res.status);
    return read(res);
  };
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function getJson(url: string, opts: LoadOptions): Promise<Record<string, unknown>> {
  return request(url, opts, async (r) => {
    let v: unknown;
    try {
      v = await r.json();
    } catch (e) {
      throw new Error(`${P} ${url} is not valid JSON (${(e as Error).message})`, { cause: e });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${P} ${url} is not a JSON object`);
    return v as Record<string, unknown>;
  });
}

/** The layer list of a Sequential model (tfjs or Keras layout) or of a Functional model that is one chain. */
function layersOf(modelJson: Record<string, unknown>, url: string): LayerJson[] {
  const t = modelJson.modelTopology as { model_config?: unknown } | undefined;
  const top = (t?.model_config ?? t) as { class_name?: string; config?: unknown } | undefined;
  const cfg = top?.config as { layers?: LayerJson[] } | LayerJson[] | undefined;
  const layers = Array.isArray(cfg) ? cfg : cfg?.layers;
  if (!Array.isArray(layers)) throw new Error(`${P} ${url} has no modelTopology layers (is it a tfjs layers-model?)`);
  if (top?.class_name === 'Sequential') return layers;
  if (top?.class_name !== 'Model' && top?.class_name !== 'Functional') {
    throw new Error(
      `${P} unsupported model class ${String(top?.class_name)} in ${url}; expected Sequential or Functional`,
    );
  }
  // Running the list in order is only right if each layer consumes exactly the previous one's output.
  const nameOf = (l: LayerJson): unknown => l.name ?? l.config.name;
  layers.forEach((l, i) => {
    const nodes = l.inbound_nodes as unknown[][][] | undefined;
    const ok =
      i === 0
        ? !nodes?.length
        : nodes?.length === 1 && nodes[0].length === 1 && nodes[0][0][0] === nameOf(layers[i - 1]);
    if (!ok)
      throw new Error(
        `${P} ${url}: layer ${String(nameOf(l))} is not part of a single chain; the small runtime runs plain Dense stacks only`,
      );
  });
  return layers;
}

/** Bytes one manifest entry occupies, or an Error for dtypes a Dense net never has. */
function byteLength(w: WeightSpec): number {
  const stored = w.quantization?.dtype ?? w.dtype;
  if (w.dtype !== 'float32' || !BYTES[stored])
    throw new Error(`${P} weight ${w.name} has unsupported dtype ${w.dtype}/${stored}`);
  return BYTES[stored] * w.shape.reduce((a, b) => a * b, 1);
}

/** IEEE half to float, for weights the tfjs converter quantized to float16. */
function half(h: number): number {
  const e = (h >> 10) & 31,
    m = h & 1023;
  const v = e === 0 ? m * 2 ** -24 : e === 31 ? (m ? NaN : Infinity) : (1 + m / 1024) * 2 ** (e - 15);
  return h & 0x8000 ? -v : v;
}

/**
 * Same layout rules as `tf.io.decodeWeights`: entries in manifest order, back to back, over the
 * group's files concatenated in order. Checked byte for byte first, so a truncated or stale
 * weights file fails with its name instead of producing garbage scores.
 */
function decodeWeights(groups: WeightGroup[], files: ArrayBuffer[][], urls: string[][]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  groups.forEach((g, i) => {
    const want = g.weights.reduce((n, w) => n + byteLength(w), 0);
    const got = files[i].reduce((n, b) => n + b.byteLength, 0);
    if (got !== want)
      throw new Error(
        `${P} weights file ${urls[i].join(' + ')} has ${got} bytes but model.json describes ${want}; truncated or stale upload?`,
      );
    const all = new Uint8Array(got);
    files[i].reduce((at, b) => (all.set(new Uint8Array(b), at), at + b.byteLength), 0);
    let at = 0;
    for (const w of g.weights) {
      // slice() copies into a fresh, aligned buffer, which typed array views need.
      const bytes = all.buffer.slice(at, (at += byteLength(w)));
      const q = w.quantization;
      let v: Float32Array;
      if (!q || q.dtype === 'float32') v = new Float32Array(bytes);
      else if (q.dtype === 'float16') v = Float32Array.from(new Uint16Array(bytes), half);
      else {
        const { min, scale } = q;
        if (typeof min !== 'number' || typeof scale !== 'number')
          throw new Error(`${P} weight ${w.name}: ${q.dtype} quantization without min/scale`);
        v = Float32Array.from(
          q.dtype === 'uint8' ? new Uint8Array(bytes) : new Uint16Array(bytes),
          (x) => x * scale + min,
        );
      }
      out.set(w.name, v);
    }
  });
  return out;
}

/** Resolves the Dense chain against the weights and checks every shape before anything is scored. */
function buildLayers(
  layers: LayerJson[],
  weights: Map<string, Float32Array>,
  shapes: Map<string, number[]>,
  inputWidth: number,
  url: string,
): Dense[] {
  const out: Dense[] = [];
  // Exact name first; models saved inside a wrapper prefix it (`outer/hidden/kernel`).
  const find = (n: string): string | undefined =>
    weights.has(n) ? n : [...weights.keys()].find((k) => k.endsWith(`/${n}`));
  let width = inputWidth;
  for (const l of layers) {
    const c = l.config;
    const name = String(c.name ?? l.name);
    if (l.class_name === 'InputLayer') continue;
    if (l.class_name !== 'Dense') {
      throw new Error(
        `${P} unsupported layer ${l.class_name} (${name}) in ${url}; the small runtime runs Dense layers only`,
      );
    }
    const activation = String(c.activation ?? 'linear');
    if (!ACTIVATIONS.includes(activation)) {
      throw new Error(
        `${P} unsupported activation ${activation} in layer ${name}; the small runtime runs ${ACTIVATIONS.join(', ')}`,
      );
    }
    const units = Number(c.units);
    const k = find(`${name}/kernel`);
    const b = c.use_bias === false ? null : find(`${name}/bias`);
    if (!k || b === undefined)
      throw new Error(`${P} ${url}: weights of layer ${name} are missing from weightsManifest`);
    const kShape = shapes.get(k) as number[];
    const bShape = b && (shapes.get(b) as number[]);
    if (`${kShape}` !== `${width},${units}` || (bShape && `${bShape}` !== `${units}`)) {
      throw new Error(
        `${P} ${url}: layer ${name} needs kernel [${width},${units}] and bias [${units}], weightsManifest has [${kShape}] and [${bShape ?? ''}]`,
      );
    }
    const weightsOf = (n: string): Weights => ({
      values: weights.get(n) as Float32Array,
      shape: shapes.get(n) as number[],
    });
    out.push({ kernel: weightsOf(k), bias: b ? weightsOf(b) : null, activation });
    width = units;
  }
  if (width !== 1 || out[out.length - 1]?.activation !== 'sigmoid') {
    throw new Error(`${P} ${url}: the last layer must be Dense(1, sigmoid) so that the output is a probability`);
  }
  return out;
}

/**
 * Loads one Dense chain from a model file's parsed JSON (fetched from `url`, its weights files named
 * relative to `dir`) and checks it against the encoder's input width: model.json and leave-model.json alike.
 */
async function loadChain(
  modelJson: Record<string, unknown>,
  url: string,
  dir: string,
  width: number,
  options: LoadOptions,
): Promise<Dense[]> {
  const layers = layersOf(modelJson, url);
  const groups = modelJson.weightsManifest as WeightGroup[] | undefined;
  if (!Array.isArray(groups)) throw new Error(`${P} ${url} has no weightsManifest`);
  const urls = groups.map((g) => g.paths.map((p) => `${dir}/${p}`));
  const files = await Promise.all(
    urls.map((us) => Promise.all(us.map((u) => request(u, options, (r) => r.arrayBuffer())))),
  );
  const shapes = new Map(groups.flatMap((g) => g.weights.map((w) => [w.name, w.shape] as [string, number[]])));
  return buildLayers(layers, decodeWeights(groups, files, urls), shapes, width, url);
}

/**
 * Loads a variant's folder under `baseUrl` (see ./artifact-format): model.json, its weights files and
 * encoder.json, and the leave-risk net (leave-model.json and its weights) when the folder has one. A
 * 404 for leave-model.json means it has none (an older or retrained folder): `leaveRisk` returns null.
 */
export async function loadModel(baseUrl: string, variant: Variant, options: LoadOptions = {}): Promise<RuntimeModel> {
  const dir = variantFolder(baseUrl, variant);
  const modelUrl = `${dir}/${ARTIFACT_FILES.model}`;
  const leaveUrl = `${dir}/${ARTIFACT_FILES.leaveModel}`;
  const [modelJson, encoderJson, leaveJson] = await Promise.all([
    getJson(modelUrl, options),
    getJson(`${dir}/${ARTIFACT_FILES.encoder}`, options),
    getJson(leaveUrl, options).catch((e: unknown) => {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }),
  ]);
  const spec = encoderJson as unknown as EncoderSpec;

  // Refuse mismatched artifacts up front: a stale encoder next to a new model scores silently wrong.
  const meta = (modelJson.userDefinedMetadata ?? {}) as Partial<Record<keyof ModelMetadata, unknown>>;
  const { modelVersion, threshold } = meta;
  if (typeof modelVersion !== 'string' || typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new Error(`${P} ${modelUrl}: userDefinedMetadata needs modelVersion (string) and threshold (0..1)`);
  }
  if (meta.variant !== variant || spec.variant !== variant) {
    throw new Error(
      `${P} ${dir}: asked for variant ${variant}, model.json says ${String(meta.variant)}, encoder.json says ${String(spec.variant)}`,
    );
  }
  if (!READABLE_ENCODER_SCHEMAS.includes(spec.schemaVersion) || meta.encoderSchemaVersion !== spec.schemaVersion) {
    throw new Error(
      `${P} ${dir}: encoder schema ${String(spec.schemaVersion)} (model.json: ${String(meta.encoderSchemaVersion)}) but this SDK reads ${READABLE_ENCODER_SCHEMAS.join(' or ')}`,
    );
  }
  const width = [spec.inputNames, spec.numeric, spec.flags, spec.categorical].every(Array.isArray)
    ? spec.numeric.length + spec.flags.length + spec.categorical.reduce((n, c) => n + (c.categories?.length ?? NaN), 0)
    : NaN;
  if (!(width >= 1) || width !== spec.inputNames.length)
    throw new Error(`${P} ${dir}/encoder.json is not a valid encoder spec`);
  if (leaveJson) {
    // The leave-risk net reads the same encoded input: it must come from the same training run.
    const lm = (leaveJson.userDefinedMetadata ?? {}) as Partial<LeaveModelMetadata>;
    if (
      lm.target !== LEAVE_TARGET ||
      lm.variant !== variant ||
      lm.modelVersion !== modelVersion ||
      lm.encoderSchemaVersion !== spec.schemaVersion
    ) {
      throw new Error(
        `${P} ${leaveUrl}: userDefinedMetadata must name target ${LEAVE_TARGET}, variant ${variant}, modelVersion ${modelVersion} and encoderSchemaVersion ${spec.schemaVersion} as model.json does; it has ${JSON.stringify(lm)}`,
      );
    }
  }

  const [plan, leavePlan] = await Promise.all([
    loadChain(modelJson, modelUrl, dir, width, options),
    leaveJson && loadChain(leaveJson, leaveUrl, dir, width, options),
  ]);

  let nets: Record<'score' | 'leave', Dense[] | null> | null = { score: plan, leave: leavePlan };
  const run = (which: 'score' | 'leave', record: SessionRecord): number | null => {
    if (!nets) throw new Error(`${P} model ${modelVersion} was disposed`);
    const chain = nets[which];
    return chain && chain.reduce(dense, encode(spec, record))[0];
  };
  return {
    variant,
    modelVersion,
    threshold,
    inputNames: spec.inputNames.slice(),
    score: (record) => run('score', record) as number,
    leaveRisk: (record) => run('leave', record),
    dispose(): void {
      nets = null;
    },
  };
}
