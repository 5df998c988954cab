/**
 * The package's entry (`gc-lab-elements`): importing it registers every gc- element at once
 * (guarded, so a second copy is harmless) and exposes the event classes and helpers. The single
 * bundle, dist/gc-lab.js, is built from `bundle.ts` instead, which registers the three
 * Database-lesson elements at once and loads `<gc-commands>` and `<gc-login-form>` only where
 * their tags are.
 */
export * from './core.js';
export { GcCommands } from './commands/commands.js';
export { GcLoginForm } from './login-form/login-form.js';
export { GcEventLog, type EventLogEntry, type EventLogSource } from './event-log/event-log.js';
export * from './events/journey.js';
export {
  LAB_PRODUCT,
  LAB_RECORD,
  PRODUCT_EVENTS,
  LOGIN_TRAITS,
  pageviewUnix,
  productRecord,
  loginPageview,
  type Product,
  type LoginFields,
  type PageviewOptions,
  type RecordOptions,
} from './genesys/journey.js';
