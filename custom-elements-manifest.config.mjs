import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';

/**
 * The manifest analyzer reads events both from JSDoc `@fires` and from `dispatchEvent(new X(…))`
 * calls, where it takes X's first argument as the event's name. Our event classes take
 * data first, so only the documented `gc-` events are kept.
 */
const documentedEventsOnly = {
  name: 'gc-documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events) {
          declaration.events = declaration.events.filter((event) => event.name?.startsWith('gc-'));
        }
      }
    }
  },
};

/** `src/x/y.ts` → `dist/lib/x/y.js`: the manifest names what is published, not the sources. */
const published = (path) => path?.replace(/^src\//, 'dist/lib/').replace(/\.ts$/, '.js');
const publishedPaths = {
  name: 'gc-published-paths',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      mod.path = published(mod.path);
      for (const item of [...(mod.exports ?? []), ...(mod.declarations ?? [])]) {
        if (item.declaration?.module) item.declaration.module = published(item.declaration.module);
        if (item.superclass?.module) item.superclass.module = published(item.superclass.module);
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts'],
  litelement: true,
  plugins: [
    documentedEventsOnly,
    publishedPaths,
    // Editor data, generated from the manifest on every build (JSX and Vue types: scripts/generate-types.mjs).
    customElementVsCodePlugin({ outdir: 'dist', htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', hideLogs: true }),
    customElementJetBrainsPlugin({ outdir: 'dist', fileName: 'web-types.json', packageJson: true, hideLogs: true }),
  ],
};
