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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts'],
  litelement: true,
  plugins: [documentedEventsOnly],
};
