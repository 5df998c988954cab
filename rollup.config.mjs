import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

/**
 * dist/gc-lab.js: ONE self-registering ES module for `<script type="module">`.
 * Lit is bundled in; node-resolve's default conditions pick Lit's production build.
 */
export default {
  input: 'src/index.ts',
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
      noEmitOnError: true,
    }),
    terser({ ecma: 2021, module: true, format: { comments: false } }),
  ],
};
