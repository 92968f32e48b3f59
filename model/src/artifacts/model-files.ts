import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EncoderSpec, Variant } from '../../../src/features/types';
import {
  ARTIFACT_FILES as FILES,
  type LeaveModelMetadata,
  type ModelMetadata,
} from '../../../src/model/artifact-format';

/** Short content hash of weights and encoder: the same training output always gets the same version. */
export function modelVersion(variant: Variant, weights: ArrayBuffer, encoder: EncoderSpec): string {
  const h = createHash('sha256').update(new Uint8Array(weights)).update(JSON.stringify(encoder)).digest('hex');
  return `${variant}-${h.slice(0, 12)}`;
}

/** A LayersModel saved in memory: what `model.json` describes, and the bytes of its weights file. */
export interface SavedModel {
  generatedBy: string | undefined;
  modelTopology: tf.io.ModelArtifacts['modelTopology'];
  weightSpecs: tf.io.WeightsManifestEntry[] | undefined;
  weights: ArrayBuffer;
}

/** Saves a LayersModel in memory, once: its weights give the version hash and the weights file. */
export async function saveInMemory(model: tf.LayersModel): Promise<SavedModel> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const a = captured as unknown as tf.io.ModelArtifacts;
  return {
    generatedBy: a.generatedBy,
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs,
    weights: a.weightData as ArrayBuffer,
  };
}

/** The standard `model.json` of a saved model (one weights file, `weightsFile` beside it), with the SDK's metadata. */
export function modelJson(
  saved: SavedModel,
  metadata: ModelMetadata | LeaveModelMetadata,
  weightsFile: string = FILES.weights,
): string {
  const json = {
    format: 'layers-model',
    generatedBy: saved.generatedBy,
    convertedBy: null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: saved.weightSpecs }],
    userDefinedMetadata: metadata,
  };
  return JSON.stringify(json);
}

/**
 * An IOHandler that reads a saved model of an artifact folder from disk (model.json, or `modelFile`
 * such as leave-model.json), for `tf.loadLayersModel` in Node.
 */
export function fileHandler(dir: string, modelFile: string = FILES.model): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(path.join(dir, modelFile), 'utf8'));
      const buffers = json.weightsManifest.flatMap((g: { paths: string[] }) =>
        g.paths.map((p) => readFileSync(path.join(dir, p))),
      );
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/** Loads one variant's shipped model, encoder and metadata from its folder. */
export async function loadVariant(
  dir: string,
): Promise<{ model: tf.LayersModel; encoder: EncoderSpec; metadata: ModelMetadata }> {
  const model = await tf.loadLayersModel(fileHandler(dir));
  const encoder = JSON.parse(readFileSync(path.join(dir, FILES.encoder), 'utf8')) as EncoderSpec;
  const metadata = JSON.parse(readFileSync(path.join(dir, FILES.model), 'utf8')).userDefinedMetadata as ModelMetadata;
  return { model, encoder, metadata };
}
