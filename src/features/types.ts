/**
 * The feature schema: a session under the UCI column names and the fitted encoder that turns it
 * into model inputs. Shared by the SDK's encoder and the training pipeline (model/), so both read
 * one definition; the public ones are re-exported by src/index.ts.
 */

/** The two shipped model variants: with the shop's page statistics, or from behaviour alone. */
export type Variant = 'full' | 'behavioral';

/**
 * One session under the original UCI column names (Sakar et al. 2018). The browser produces the
 * columns a variant needs; the four anonymised codes are only present in the training file.
 */
export interface SessionRecord {
  Administrative: number;
  Administrative_Duration: number;
  Informational: number;
  Informational_Duration: number;
  ProductRelated: number;
  ProductRelated_Duration: number;
  BounceRates: number;
  ExitRates: number;
  PageValues: number;
  SpecialDay: number;
  /** Three-letter month as in the data (`Feb`, `Mar`, ...); `June` is accepted as `Jun`. */
  Month: string;
  VisitorType: string;
  Weekend: boolean;
  OperatingSystems?: number;
  Browser?: number;
  Region?: number;
  TrafficType?: number;
  /**
   * Only in a shop's own sessions (see `SessionExport`): a model retrained on them with these
   * columns encodes them as categories, and then needs them in every record it scores.
   */
  browserFamily?: string;
  trafficSource?: string;
}

/** A column name of {@link SessionRecord}. */
export type FeatureColumn = keyof SessionRecord;

/** Session totals the encoder derives from the per-type counts and durations (see features/derived.ts). */
export type DerivedColumn = 'TotalPages' | 'TotalDuration' | 'ProductPageShare' | 'SecondsPerPage';

/** Where a numeric input comes from: a column of the record, or a total derived from several. */
export type NumericColumn = FeatureColumn | DerivedColumn;

/** How a numeric column is transformed before standardisation. */
export type NumericTransform = 'log1p' | 'identity';

/** A numeric model input: `(transform(x) - mean) / std`. */
export interface NumericFeature {
  column: NumericColumn;
  transform: NumericTransform;
  mean: number;
  std: number;
}

/** A 0/1 model input: a boolean column, or `x > 0` for a numeric one. */
export interface FlagFeature {
  column: FeatureColumn;
  test: 'true' | 'positive';
}

/** One-hot inputs for a categorical column; an unseen category encodes as the training prior. */
export interface CategoricalFeature {
  column: FeatureColumn;
  categories: string[];
  /** Share of each category in the training rows: the encoding of a category not in `categories`. */
  prior: number[];
}

/**
 * The fitted encoder, saved as JSON next to the model. Inputs are laid out in the order
 * numeric, flags, then each categorical's one-hot block; `inputNames` spells that order out.
 */
export interface EncoderSpec {
  schemaVersion: number;
  variant: Variant;
  numeric: NumericFeature[];
  flags: FlagFeature[];
  categorical: CategoricalFeature[];
  inputNames: string[];
}

/** Which columns a variant uses and how: the unfitted half of an {@link EncoderSpec}. */
export interface FeatureSet {
  numeric: { column: NumericColumn; transform: NumericTransform }[];
  flags: FlagFeature[];
  categorical: FeatureColumn[];
}
