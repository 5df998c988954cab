/**
 * The package's entry (`gc-lab-elements`): importing it registers every gc- element at once
 * (guarded, so a second copy is harmless) and exposes the event classes and helpers. The single
 * bundle, dist/gc-lab.js, is built from `bundle.ts`, which re-exports this.
 */
export { GcMessenger } from './messenger/messenger.js';
export { GcDatabasePlugin, type AttributesStatus } from './database-plugin/database-plugin.js';
export { GcSessionControls } from './session-controls/session-controls.js';
export * from './events/index.js';
export {
  MAX_CUSTOM_ATTRIBUTES_BYTES,
  customAttributesBytes,
  parseCustomAttributes,
  type AttributeValue,
  type CustomAttributes,
} from './database-plugin/attributes.js';
export { ENVIRONMENTS, normalizeEnvironment, type EnvironmentCode } from './genesys/environments.js';
