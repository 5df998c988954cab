// The lab as a React 19 app: the three elements with kebab-case attributes (server-renderable)
// or, client-rendered, with camelCase properties (React 19 sets a property when the element has
// it, so the elements must be defined by the time React renders), and `ongc-…` handlers (React 19
// listens for custom elements' events itself).
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
  /** Pass the configuration as camelCase properties instead of kebab-case attributes. */
  asProperties?: boolean;
}

export function Lab({ deploymentId, emulator, onEvent = () => {}, asProperties = false }: LabProps) {
  const onState = (event: { detail: { state: string } }) => onEvent(`state:${event.detail.state}`);
  const onNavigate = (event: { url: string; reason: string; preventDefault(): void }) => {
    event.preventDefault();
    onEvent(`navigate:${event.reason}:${new URL(event.url).pathname}`);
  };
  return (
    <main>
      <h1>React lab</h1>
      {asProperties ? (
        <gc-messenger environment="prod" deploymentId={deploymentId} bootstrapSrc={emulator} readyTimeout={10_000} ongc-messenger-state={onState} />
      ) : (
        <gc-messenger environment="prod" deployment-id={deploymentId} bootstrap-src={emulator} ongc-messenger-state={onState} />
      )}
      <gc-database-plugin persist ongc-attributes-set={(event) => onEvent(`set:${JSON.stringify(event.attributes)}`)} />
      {asProperties ? (
        <gc-session-controls homeUrl="/" ongc-navigate={onNavigate} />
      ) : (
        <gc-session-controls home-url="/" ongc-navigate={onNavigate} />
      )}
    </main>
  );
}
