/**
 * The single bundle's entry: importing it registers every gc- element (guarded, so a
 * second copy of the bundle is harmless) and exposes the event classes and helpers.
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
