/**
 * `npm run card [-- --artifacts <dir>]`: regenerates the model card, its charts and the README's
 * metrics block from the committed metrics files, without retraining.
 */
import { DEFAULT_PATHS, flags, runMain } from './cli';
import { writeFileAtomically } from '../lib/atomic-write';
import { generatedDocs, readMetrics } from '../docs/generated';

runMain(async () => {
  const args = flags({ artifacts: { type: 'string', default: DEFAULT_PATHS.artifacts } });
  const out = args.artifacts as string;
  for (const [file, content] of Object.entries(generatedDocs(readMetrics(out), out)))
    writeFileAtomically(file, content);
  process.stdout.write(`Regenerated the model card, charts and README metrics from ${out}\n`);
});
