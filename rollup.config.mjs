// Builds dist/: the ESM entry (npm), the script-tag IIFE, the lazy scoring, consent and inference chunks, and the models.
// Size budgets (budgets.json) are enforced here: the build fails when one is exceeded.
// Run under tsx (see package.json's build script) so that this file can read the artifact format's
// TypeScript module instead of a copy of its file names.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SERVED_FILES, VARIANTS, WEIGHTS_FILES } from './src/model/artifact-format.ts';

const budgets = JSON.parse(readFileSync('budgets.json', 'utf8'));
const ts = () =>
  typescript({
    tsconfig: 'tsconfig.build.json',
    declaration: false,
    declarationDir: undefined,
    emitDeclarationOnly: false,
    noEmitOnError: true,
  });
const resolve = () => nodeResolve({ browser: true });
// unsafe_arrows turns function expressions that use neither `this` nor `arguments` into arrows. It is
// "unsafe" only for code that calls such a function with `new`; the SDK's own code never does (~8 B gzip a chunk).
const min = () => terser({ ecma: 2020, format: { comments: false }, compress: { passes: 2, unsafe_arrows: true } });

/** Fails the build when an emitted file's gzip size is over its budget. */
function budget(limit, label) {
  return {
    name: 'size-budget',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const gz = gzipSync(file.code, { level: 9 }).length;
        if (gz > limit) this.error(`${file.fileName} is ${gz} bytes gzip, over the ${label} budget of ${limit}`);
      }
    },
  };
}

/** Copies the served model files beside the bundle, checking the weights budget. */
function copyModels() {
  return {
    name: 'copy-models',
    writeBundle() {
      for (const variant of VARIANTS) {
        mkdirSync(`dist/models/${variant}`, { recursive: true });
        for (const f of SERVED_FILES) copyFileSync(`model/artifacts/${variant}/${f}`, `dist/models/${variant}/${f}`);
        // The budget is per variant: its purchase and leave-risk weights together.
        const size = WEIGHTS_FILES.reduce((n, w) => n + statSync(`dist/models/${variant}/${w}`).size, 0);
        if (size > budgets.weightsBytesPerVariant)
          this.error(
            `${variant} weights (${WEIGHTS_FILES.join(' + ')}) are ${size} bytes, over the budget of ${budgets.weightsBytesPerVariant}`,
          );
      }
    },
  };
}

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es' },
    plugins: [resolve(), ts(), min(), budget(budgets.alwaysLoadedGzipBytes, 'always-loaded')],
  },
  {
    input: 'src/script.ts',
    output: { file: 'dist/intent-tracker.min.js', format: 'iife' },
    plugins: [resolve(), ts(), min(), budget(budgets.alwaysLoadedGzipBytes, 'always-loaded')],
  },
  {
    input: 'src/scoring.ts',
    output: { file: 'dist/intent-scoring.js', format: 'es' },
    plugins: [resolve(), ts(), min()],
  },
  {
    // Loaded by the core only with `consentFrom`: the consent-platform adapters cost the other pages nothing.
    input: 'src/consent/watch.ts',
    output: { file: 'dist/intent-consent.js', format: 'es' },
    plugins: [resolve(), ts(), min()],
  },
  {
    input: 'src/model/runtime.ts',
    output: { file: 'dist/intent-runtime.js', format: 'es' },
    plugins: [resolve(), ts(), min(), budget(budgets.lazyChunkGzipBytes, 'lazy inference chunk'), copyModels()],
  },
];
