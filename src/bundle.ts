/**
 * The entry of dist/gc-lab.js, the single bundle: what `index.ts` exports, with the three
 * elements registered one task apart (see `staggerDefinitions`), so that loading them is
 * never one long task on the page. Wait for `customElements.whenDefined(tag)` before using
 * an element's properties.
 */
import './internal/stagger.js';

export * from './index.js';
