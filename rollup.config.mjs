import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

/**
 * dist/gc-lab.js: ONE self-registering ES module for `<script type="module">`.
 * Lit is bundled in; node-resolve's default conditions pick Lit's production build.
 */
const bundle = {
  input: 'src/bundle.ts',
  // The lazy elements import Lit and the shared code from gc-lab.js itself: it may export more
  // than its own API (else rollup splits it into a facade and a second file every page loads).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'gc-lab.js',
    // The elements loaded only where their tags are (src/internal/autoload.ts): fetched relative
    // to gc-lab.js, so they are hosted beside it.
    chunkFileNames: 'gc-lab-[name].js',
    format: 'es',
    sourcemap: true,
    generatedCode: 'es2015',
  },
  plugins: [
    nodeResolve({ browser: true }),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      declaration: false,
      // allowJs (the JS contract) makes the plugin want an outDir inside the bundle's folder.
      outDir: 'dist',
      noEmitOnError: true,
    }),
    // Lit's own minifier: the whitespace of html`` and css`` templates (build-only; tests run the source).
    minifyHTMLLiterals(),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
  ],
};

/**
 * dist/emulator/genesys-runtime.js: the offline Messenger runtime, a classic script like
 * genesys.min.js, built from emulator/runtime/ and the same contract (src/genesys/contract.js)
 * the elements use. Left unminified: students may read it.
 */
const runtime = {
  input: 'emulator/runtime/index.js',
  output: {
    file: 'dist/emulator/genesys-runtime.js',
    format: 'iife',
    sourcemap: true,
  },
  plugins: [nodeResolve({ browser: true })],
};

// GC_BUILD=runtime builds only the runtime (quick rebuilds while working on emulator/runtime/).
export default process.env.GC_BUILD === 'runtime' ? [runtime] : [bundle, runtime];
