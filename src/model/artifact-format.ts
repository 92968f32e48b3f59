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
} as const;

/** The files a browser fetches; metrics.json is for people and the tuner. */
export const SERVED_FILES = [ARTIFACT_FILES.model, ARTIFACT_FILES.weights, ARTIFACT_FILES.encoder] as const;

/** Metadata the browser reads from model.json (the standard `userDefinedMetadata` field). */
export interface ModelMetadata {
  variant: Variant;
  modelVersion: string;
  encoderSchemaVersion: number;
  /** The decision threshold the pipeline chose for this model (0..1, rounded to 6 decimals). */
  threshold: number;
}

/** The folder of one variant under a base URL or path (with or without a trailing slash). */
export function variantFolder(base: string, variant: Variant): string {
  return `${base.replace(/\/+$/, '')}/${variant}`;
}
