// React 19 with the generated JSX types: what a React developer writes type-checks, mistakes do not.
import { useRef } from 'react';
import type { AttributesStatus, GcAttributesSentEvent, GcDatabasePlugin, GcErrorEvent } from '../../dist/lib/index.js';
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

// What every element takes, typed as on React's built-in elements (one attribute a line: each is its own test).
export const role = <gc-database-plugin role="region" aria-label="Custom attributes" data-testid="plugin" />;
export const tabIndex = <gc-database-plugin tabIndex={-1} />;
export const inert = <gc-database-plugin inert />;
export const hydration = <gc-database-plugin suppressHydrationWarning />;
// The event's currentTarget is the element.
export const onClick = <gc-database-plugin onClick={(event) => event.currentTarget.status satisfies AttributesStatus} />;
export const onKeyDown = <gc-database-plugin onKeyDown={(event) => event.key satisfies string} />;
export const common = <gc-database-plugin key="plugin" id="plugin" className="lab" style={{ marginBlock: 8 }} hidden />;
// @ts-expect-error: tabIndex is a number, as on built-in elements
export const wrongTabIndex = <gc-database-plugin tabIndex={{}} />;
// @ts-expect-error: React's JSX takes className, not class (as on built-in elements)
export const htmlClass = <gc-database-plugin class="lab" />;

// A ref holds the element's own class.
export function WithRef() {
  const plugin = useRef<GcDatabasePlugin>(null);
  const status = (): AttributesStatus | undefined => plugin.current?.status;
  return <gc-database-plugin ref={plugin} onClick={() => status()} />;
}
export const callbackRef = <gc-database-plugin ref={(element) => void (element?.status satisfies AttributesStatus | undefined)} />;
export function WrongRef() {
  const input = useRef<HTMLInputElement>(null);
  // @ts-expect-error: a ref to another element type
  return <gc-database-plugin ref={input} />;
}

// Booleans are booleans: React 19 renders true as an empty attribute and leaves false out, while
// any text ("false" too) would turn the element's boolean on.
export const booleans = (
  <>
    <gc-database-plugin persist={false} />
    <gc-messenger debug />
    <gc-commands product-has-batteries={false} />
  </>
);
// @ts-expect-error: persist is a boolean; persist="false" would turn it on
export const persistText = <gc-database-plugin persist="false" />;
// @ts-expect-error: debug is a boolean
export const debugText = <gc-messenger debug="false" />;
// @ts-expect-error: a boolean attribute in kebab-case is a boolean too
export const batteriesText = <gc-commands product-has-batteries="false" />;

// A handler typed with another event's class is an error.
const onError = (event: GcErrorEvent) => event.reason;
const onSent = (event: GcAttributesSentEvent) => event.attributes;
export const sent = <gc-database-plugin ongc-attributes-sent={onSent} ongc-error={onError} />;
// @ts-expect-error: gc-attributes-sent is not a GcErrorEvent
export const wrongEventClass = <gc-database-plugin ongc-attributes-sent={onError} />;

// A misspelled handler: TypeScript checks a JSX attribute whose name has a hyphen only when the
// element's type declares it (that is what lets data-* through), and no index signature changes
// that. An inline handler that uses its event fails anyway, its parameter having no type
// (noImplicitAny, in strict):
// @ts-expect-error: no event gc-attributes-snt, so `event` is implicitly any
export const misspelledInline = <gc-database-plugin ongc-attributes-snt={(event) => event.attributes} />;
// but a handler typed elsewhere, or one without parameters, compiles and never runs. This line
// records that limit; if TypeScript starts reporting it, turn it into a @ts-expect-error.
export const misspelledCompiles = <gc-database-plugin ongc-attributes-snt={onSent} />;
