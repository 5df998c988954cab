// React 19 with the generated JSX types: what a React developer writes type-checks, mistakes do not.
import type { CustomElements } from '../../dist/types/jsx.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

export const lab = (
  <>
    <gc-messenger
      environment="prod-euw1"
      deployment-id="5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f"
      readyTimeout={20_000}
      ongc-messenger-state={(event) => event.detail.state satisfies string}
      ongc-error={(event) => event.reason satisfies string}
    />
    <gc-database-plugin persist ongc-attributes-sent={(event) => event.attributes} />
    <gc-commands product-price="9.5" productHasBatteries ongc-command-sent={(event) => event.command satisfies string} />
    <gc-login-form ongc-login={(event) => event.fields.email satisfies string} />
    <gc-session-controls home-url="/" ongc-navigate={(event) => event.preventDefault()} />
    <gc-event-log max-entries="100" filter="Database" ongc-error={(event) => event.reason satisfies string} />
  </>
);

// @ts-expect-error: not a property of the messenger (TypeScript leaves hyphenated names unchecked)
export const unknownProperty = <gc-messenger noSuchProperty="1" />;
// @ts-expect-error: the handler gets the event's own class, not any
export const wrongHandler = <gc-database-plugin ongc-attributes-sent={(event) => event.noSuchField} />;
// @ts-expect-error: readyTimeout is a number
export const wrongType = <gc-messenger readyTimeout={{}} />;
// @ts-expect-error: gc-login carries the fields, not attributes
export const wrongLogin = <gc-login-form ongc-login={(event) => event.attributes} />;
