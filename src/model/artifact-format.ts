/**
 * The model artifact format, in one place: the files of a variant's folder and the metadata its
 * model.json carries. Written by the pipeline (model/src/artifacts), read by the runtime, copied by
 * the build and measured by the bench.
 */
import type { Variant } from '../features/types';

/** The shipped variants, in the order the pipeline trains and the build copies them. */
export const VARIANTS: readonly Variant[] = ['full', 'behavioral'];

/** File names inside one variant's folder (`<base>/<variant>/`). */
export const ARTIFACT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  encoder: 'encoder.json',
  metrics: 'metrics.json',
  /** The leave-risk net (issue 17): its own model file beside the purchase model's, reading the same encoder.json. */
  leaveModel: 'leave-model.json',
  leaveWeights: 'leave-weights.bin',
} as const;

/** The files a browser fetches; metrics.json is for people and the tuner. A folder without the leave files still loads. */
export const SERVED_FILES = [
  ARTIFACT_FILES.model,
  ARTIFACT_FILES.weights,
  ARTIFACT_FILES.encoder,
  ARTIFACT_FILES.leaveModel,
  ARTIFACT_FILES.leaveWeights,
] as const;

/** The served weights files of a variant: together they are held to the weights budget. */
export const WEIGHTS_FILES = [ARTIFACT_FILES.weights, ARTIFACT_FILES.leaveWeights] as const;

/** Metadata the browser reads from model.json (the standard `userDefinedMetadata` field). */
export interface ModelMetadata {
  variant: Variant;
  modelVersion: string;
  encoderSchemaVersion: number;
  /** The decision threshold the pipeline chose for this model (0..1, rounded to 6 decimals). */
  threshold: number;
}

/** What leave-model.json predicts, as its metadata names it: the visit ends within the next 2 page views. */
export const LEAVE_TARGET = 'leave-within-2';

/**
 * Metadata of leave-model.json: what it predicts, and the purchase model it was trained with
 * (`modelVersion` is model.json's, whose hash covers the encoder both read).
 */
export interface LeaveModelMetadata {
  target: typeof LEAVE_TARGET;
  variant: Variant;
  modelVersion: string;
  encoderSchemaVersion: number;
}

/** The folder of one variant under a base URL or path (with or without a trailing slash). */
export function variantFolder(base: string, variant: Variant): string {
  return `${base.replace(/\/+$/, '')}/${variant}`;
}
