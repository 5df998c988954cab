// Hydrates the server-rendered lab (react-dom/server) with the real bundle. The tags are in the
// server's HTML, so the bundle registers them one task apart: hydration may run before they are
// defined, which is why server-rendered markup uses kebab-case attributes (see the README).
// With `?hydrate=after-upgrade`, it waits until the three have upgraded and rendered, as on a
// page whose bundle loads before React's: then anything an element added to its own tag (a
// reflected `state` attribute) would be a hydration mismatch.
import '../../../dist/gc-lab.js';
import { useEffect, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { Lab } from './lab.js';
import { PROPS } from './props.js';

const w = window as unknown as { __react: { events: string[]; errors: string[]; hydrated: boolean; upgradedFirst?: boolean } };
w.__react = { events: [], errors: [], hydrated: false };
const error = console.error;
console.error = (...args: unknown[]) => {
  w.__react.errors.push(args.map(String).join(' '));
  error(...args);
};

/**
 * React 19 (19.3 still) attaches custom elements' `on…` listeners on the first client render,
 * not while hydrating (react/react#35446): one re-render after mount attaches them. The README
 * shows the same workaround.
 */
function Hydrated() {
  const [, rerender] = useState(0);
  useEffect(() => {
    rerender(1);
    w.__react.hydrated = true;
  }, []);
  return <Lab {...PROPS} onEvent={(e) => w.__react.events.push(e)} />;
}

async function upgraded(): Promise<void> {
  for (const tag of ['gc-messenger', 'gc-database-plugin', 'gc-session-controls']) {
    await customElements.whenDefined(tag);
    await (document.querySelector(tag) as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
  w.__react.upgradedFirst = true;
}

if (new URLSearchParams(location.search).get('hydrate') === 'after-upgrade') await upgraded();
hydrateRoot(document.getElementById('app')!, <Hydrated />, {
  onRecoverableError: (e) => w.__react.errors.push(`recoverable: ${String(e)}`),
});
