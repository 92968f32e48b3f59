/**
 * Bundles the two references for the browser into bench/.build/ (git-ignored), minified:
 * tfjs-ref.js (default @tensorflow/tfjs: loadLayersModel + predict) and forward.js (plain TypeScript).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
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

/** Builds both references; returns their file paths. */
export async function buildReferences(): Promise<{ tfjs: string; forward: string }> {
  const out = { tfjs: `${BUILD_DIR}/tfjs-ref.js`, forward: `${BUILD_DIR}/forward.js` };
  for (const [input, file] of [
    ['bench/tfjs-ref.ts', out.tfjs],
    ['bench/forward.ts', out.forward],
  ]) {
    // tfjs's flat bundle is minified already; running terser over its ~1 MB again takes ~15 s for a 1% gain.
    const minify = input === 'bench/forward.ts' ? [terser({ format: { comments: false } })] : [];
    const bundle = await rollup({
      input,
      plugins: [
        tfjsFlatBundle(),
        nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }),
        typescript(),
        ...minify,
      ],
      onwarn: () => {}, // tfjs's bundle triggers harmless `this`-rewrite warnings
    });
    await bundle.write({ file, format: 'es' });
    await bundle.close();
  }
  return out;
}
