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
  output: {
    file: 'dist/gc-lab.js',
    format: 'es',
    sourcemap: true,
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
    terser({ ecma: 2021, module: true, format: { comments: false } }),
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

export default [bundle, runtime];
