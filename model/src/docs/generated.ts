import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Variant } from '../../../src/features/types';
import { replaceBlock } from '../lib/replace-block';
import { charts, headlineTable, modelCard } from './card';
import { DEFAULT_PATHS } from '../cli/cli';
import type { MetricsFile } from '../evaluation/report';
import { ARTIFACT_FILES, VARIANTS } from '../../../src/model/artifact-format';
import { DataError, missingOr, readTextFile } from '../data/csv';

/** The metrics schema the card is written from (`MetricsFile.schemaVersion`). */
const METRICS_SCHEMA: MetricsFile['schemaVersion'] = 4;

/**
 * Reads both variants' metrics files from an artifacts folder. A missing or unreadable file, one that
 * is not JSON or one of another schema is a {@link DataError} naming the file: the card would otherwise
 * fail somewhere inside its tables on the first absent figure.
 */
export function readMetrics(dir: string): Record<Variant, MetricsFile> {
  const read = (v: Variant): MetricsFile => {
    const file = path.join(dir, v, ARTIFACT_FILES.metrics);
    let m: unknown;
    try {
      m = JSON.parse(readTextFile(file));
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError(file, 0, null, `not valid JSON (${(e as Error).message})`);
    }
    const schema = (m as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (schema !== METRICS_SCHEMA)
      throw new DataError(
        file,
        0,
        'schemaVersion',
        `${missingOr(schema, `schema ${JSON.stringify(schema)}`)}; the card reads schema ${METRICS_SCHEMA} (retrain with npm run train)`,
      );
    return m as MetricsFile;
  };
  return Object.fromEntries(VARIANTS.map((v) => [v, read(v)])) as Record<Variant, MetricsFile>;
}

/** Where the card goes: beside the default artifacts (model/MODEL.md), inside any other folder. */
export function cardLocation(out: string): { file: string; chartDir: string; isDefault: boolean } {
  const isDefault = path.resolve(out) === path.resolve(DEFAULT_PATHS.artifacts);
  return isDefault
    ? { file: path.join(path.dirname(out), 'MODEL.md'), chartDir: `${path.basename(out)}/charts`, isDefault }
    : { file: path.join(out, 'MODEL.md'), chartDir: 'charts', isDefault };
}

/** Every generated document for a set of metrics: file path -> content (card, charts, README block). */
export function generatedDocs(metrics: Record<Variant, MetricsFile>, out: string): Record<string, string> {
  const where = cardLocation(out);
  const docs: Record<string, string> = { [where.file]: modelCard(metrics, where.chartDir) };
  for (const [name, svg] of Object.entries(charts(metrics))) docs[path.join(out, 'charts', name)] = svg;
  if (where.isDefault) {
    try {
      docs['README.md'] = replaceBlock(readFileSync('README.md', 'utf8'), 'metrics', headlineTable(metrics));
    } catch {
      // Run outside the repository root: there is no README to refresh.
    }
  }
  return docs;
}
