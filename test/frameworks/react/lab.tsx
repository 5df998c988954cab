// The lab as a React 19 app: the three elements with kebab-case attributes (server-renderable),
// a property, and `ongc-…` handlers (React 19 listens for custom elements' events itself).
import type { CustomElements } from '../../../dist/types/jsx.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

export interface LabProps {
  deploymentId: string;
  emulator: string;
  onEvent?: (entry: string) => void;
}

export function Lab({ deploymentId, emulator, onEvent = () => {} }: LabProps) {
  return (
    <main>
      <h1>React lab</h1>
      <gc-messenger
        environment="prod"
        deployment-id={deploymentId}
        bootstrap-src={emulator}
        ongc-messenger-state={(event) => onEvent(`state:${event.detail.state}`)}
      />
      <gc-database-plugin persist ongc-attributes-set={(event) => onEvent(`set:${JSON.stringify(event.attributes)}`)} />
      <gc-session-controls
        home-url="/"
        ongc-navigate={(event) => {
          event.preventDefault();
          onEvent(`navigate:${event.reason}`);
        }}
      />
    </main>
  );
}
