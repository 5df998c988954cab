// The same props on the server and in the browser (hydration must see the same tree).
export const PROPS = { deploymentId: '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f', emulator: '/emulator/genesys-runtime.js' };
