// `gc-lab-elements/vue` and `gc-lab-elements/jsx` are types only (dist/types/*.d.ts, written by
// generate-types.mjs), but an app imports them like modules (`import 'gc-lab-elements/vue'`):
// TypeScript reads the `types` condition, while Vite, webpack and Node need a file under
// another condition, or the build stops ("./vue" is not exported). Each gets an empty module
// beside its .d.ts (package.json exports: "default"). Not in sideEffects, so bundlers drop it.
import { mkdirSync, writeFileSync } from 'node:fs';

const dir = new URL('../dist/types/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const name of ['vue', 'jsx']) {
  writeFileSync(
    new URL(`${name}.js`, dir),
    `// gc-lab-elements/${name} holds types only (${name}.d.ts): this empty module lets bundlers resolve the import.\nexport {};\n`,
  );
}
