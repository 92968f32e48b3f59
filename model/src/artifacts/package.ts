/**
 * One variant's artifact folder, packaged in memory from its trained model: the files named by
 * ARTIFACT_FILES (model.json, weights.bin, encoder.json, metrics.json), ready to be written
 * atomically with the other variant's. The only place that decides what goes into the folder.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderSpec } from '../../../src/features/types';
import { ARTIFACT_FILES, type ModelMetadata } from '../../../src/model/artifact-format';
import type { MetricsFile } from '../evaluation/report';
import { modelJson, modelVersion, saveInMemory } from './model-files';

/** What packaging finds out about the shipped model that its metrics file records. */
export interface ShippedModel {
  modelVersion: string;
  weightsBytes: number;
}

/** A packaged variant: its metrics, and its folder's files by name inside the folder. */
export interface VariantArtifacts {
  metrics: MetricsFile;
  files: Record<string, string | Uint8Array>;
}

/** Decision thresholds are stored to 6 decimals, as every figure in metrics.json. */
const roundThreshold = (t: number): number => Math.round(t * 1e6) / 1e6;

/**
 * Packages one variant: saves `model` once, hashes its weights and `encoder` into the model
 * version, and writes `threshold` (rounded) into model.json's metadata. `metricsFor` builds the
 * metrics file once the version and the weights' size are known: they are part of it.
 */
export async function packageVariant(
  model: tf.LayersModel,
  encoder: EncoderSpec,
  threshold: number,
  metricsFor: (shipped: ShippedModel) => MetricsFile,
): Promise<VariantArtifacts> {
  const saved = await saveInMemory(model);
  const version = modelVersion(encoder.variant, saved.weights, encoder);
  const metadata: ModelMetadata = {
    variant: encoder.variant,
    modelVersion: version,
    encoderSchemaVersion: encoder.schemaVersion,
    threshold: roundThreshold(threshold),
  };
  const metrics = metricsFor({ modelVersion: version, weightsBytes: saved.weights.byteLength });
  return {
    metrics,
    files: {
      [ARTIFACT_FILES.model]: `${modelJson(saved, metadata)}\n`,
      [ARTIFACT_FILES.weights]: new Uint8Array(saved.weights),
      [ARTIFACT_FILES.encoder]: `${JSON.stringify(encoder, null, 2)}\n`,
      [ARTIFACT_FILES.metrics]: `${JSON.stringify(metrics, null, 2)}\n`,
    },
  };
}
