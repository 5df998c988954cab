export * from './command.js';
export * from './messenger.js';
export * from './error.js';
export * from './attributes.js';
export * from './session.js';
export * from './journey.js';
