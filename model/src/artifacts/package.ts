/**
 * One variant's artifact folder, packaged in memory from its trained model: the files named by
 * ARTIFACT_FILES (model.json, weights.bin, encoder.json, metrics.json, and the leave-risk net's
 * leave-model.json and leave-weights.bin), ready to be written
 * atomically with the other variant's. The only place that decides what goes into the folder.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderSpec } from '../../../src/features/types';
import {
  ARTIFACT_FILES,
  LEAVE_TARGET,
  type LeaveModelMetadata,
  type ModelMetadata,
} from '../../../src/model/artifact-format';
import type { MetricsFile } from '../evaluation/report';
import { jsonText } from '../lib/json-text';
import { modelJson, modelVersion, saveInMemory } from './model-files';

/** What packaging finds out about the shipped model that its metrics file records. */
export interface ShippedModel {
  modelVersion: string;
  weightsBytes: number;
  leaveWeightsBytes: number;
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
 * version, and writes `threshold` (rounded) into model.json's metadata. `leaveModel`, the
 * leave-risk net, reads the same encoder; its metadata names its target and the purchase model's
 * version (the version hash stays the purchase model's alone, as before the leave-risk net).
 * `metricsFor` builds the metrics file once the version and the weights' sizes are known: they are part of it.
 */
export async function packageVariant(
  model: tf.LayersModel,
  leaveModel: tf.LayersModel,
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
  const leave = await saveInMemory(leaveModel);
  const leaveMetadata: LeaveModelMetadata = {
    target: LEAVE_TARGET,
    variant: encoder.variant,
    modelVersion: version,
    encoderSchemaVersion: encoder.schemaVersion,
  };
  const metrics = metricsFor({
    modelVersion: version,
    weightsBytes: saved.weights.byteLength,
    leaveWeightsBytes: leave.weights.byteLength,
  });
  return {
    metrics,
    files: {
      [ARTIFACT_FILES.model]: `${modelJson(saved, metadata)}\n`,
      [ARTIFACT_FILES.weights]: new Uint8Array(saved.weights),
      [ARTIFACT_FILES.encoder]: `${JSON.stringify(encoder, null, 2)}\n`,
      [ARTIFACT_FILES.metrics]: jsonText(metrics),
      [ARTIFACT_FILES.leaveModel]: `${modelJson(leave, leaveMetadata, ARTIFACT_FILES.leaveWeights)}\n`,
      [ARTIFACT_FILES.leaveWeights]: new Uint8Array(leave.weights),
    },
  };
}
