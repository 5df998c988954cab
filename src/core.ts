/**
 * What every page with the single bundle gets at once: the three Database-lesson elements, their
 * events and helpers. dist/gc-lab.js is built from `bundle.ts`, which re-exports this and loads
 * the other elements only where their tags are; the package's entry, `index.ts`, is this plus them.
 */
export { GcMessenger } from './messenger/messenger.js';
export { GcDatabasePlugin, type AttributesStatus } from './database-plugin/database-plugin.js';
export { GcSessionControls } from './session-controls/session-controls.js';
export * from './events/command.js';
export * from './events/messenger.js';
export * from './events/error.js';
export * from './events/attributes.js';
export * from './events/session.js';
export {
  MAX_CUSTOM_ATTRIBUTES_BYTES,
  customAttributesBytes,
  parseCustomAttributes,
  type AttributeValue,
  type CustomAttributes,
} from './database-plugin/attributes.js';
export { ENVIRONMENTS, normalizeEnvironment, type EnvironmentCode } from './genesys/environments.js';
