// A client-rendered React app (createRoot) that imports the real bundle, then renders the
// elements with camelCase properties.
import '../../../dist/gc-lab.js';
import { createRoot } from 'react-dom/client';
import { Lab } from './lab.js';

const w = window as unknown as { __react: { events: string[]; errors: string[] }; __labReady?: boolean };
w.__react = { events: [], errors: [] };
const error = console.error;
console.error = (...args: unknown[]) => {
  w.__react.errors.push(args.map(String).join(' '));
  error(...args);
};
const params = new URLSearchParams(location.search);
createRoot(document.getElementById('app')!).render(
  <Lab asProperties deploymentId={params.get('deploymentId')!} emulator={params.get('emulator')!} onEvent={(e) => w.__react.events.push(e)} />,
);
