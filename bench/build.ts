/**
 * Bundles the reference for the browser into bench/.build/ (git-ignored):
 * tfjs-ref.js (default @tensorflow/tfjs: loadLayersModel + predict).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';

export const BUILD_DIR = 'bench/.build';

/** TypeScript -> JavaScript per file (types erased, no type check: `npm run typecheck` covers bench/). */
const typescript = (): Plugin => ({
  name: 'bench-ts',
  transform: (code, id) =>
    id.endsWith('.ts')
      ? ts.transpileModule(code, {
          fileName: id,
          compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext },
        }).outputText
      : null,
});

/**
 * `@tensorflow/tfjs` -> its flat ESM browser bundle. The package entry's modules import the CommonJS
 * packages `long` and `seedrandom`, which rollup cannot bundle without @rollup/plugin-commonjs (not a
 * dependency here); tf.fesm.min.js has them inlined. Rollup still tree-shakes what the page does not use.
 */
const tfjsFlatBundle = (): Plugin => ({
  name: 'tfjs-flat-bundle',
  resolveId: (source) =>
    source === '@tensorflow/tfjs'
      ? new URL('../node_modules/@tensorflow/tfjs/dist/tf.fesm.min.js', import.meta.url).pathname
      : null,
});

/** Builds the reference; returns its file path. */
export async function buildReferences(): Promise<{ tfjs: string }> {
  const out = { tfjs: `${BUILD_DIR}/tfjs-ref.js` };
  // Not minified again: tfjs's flat bundle is minified already (terser over its ~1 MB takes ~15 s for a 1% gain).
  const bundle = await rollup({
    input: 'bench/tfjs-ref.ts',
    plugins: [tfjsFlatBundle(), nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }), typescript()],
    onwarn: () => {}, // tfjs's bundle triggers harmless `this`-rewrite warnings
  });
  await bundle.write({ file: out.tfjs, format: 'es' });
  await bundle.close();
  return out;
}
