/**
 * The entry of dist/gc-lab.js, the single bundle: what `core.ts` exports, with the elements
 * already on the page registered one task apart (see `staggerDefinitions`), so that loading them
 * is never one long task for the page; and the lab's other elements (`<gc-commands>`,
 * `<gc-login-form>`, `<gc-event-log>`) fetched from beside it only when their tags appear (see
 * `autoload.ts`), as is the messenger's configuration form where it is shown (`messenger/form.ts`).
 * Wait for `customElements.whenDefined(tag)` before calling an element's methods or reading its
 * read-only properties.
 */
import './internal/stagger.js';
// The smallest element goes first: its task is also the one that runs Lit's rendering code
// for the first time (V8 compiles functions when first called), which the messenger's task
// would otherwise pay on top of its own work (measured by npm run bench).
import './session-controls/session-controls.js';
import './internal/autoload.js';

export * from './core.js';
