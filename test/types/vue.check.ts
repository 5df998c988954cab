// Vue 3 with the generated GlobalComponents: the tags' props and `@gc-…` handlers are typed, and
// a template ref holds the element.
import '../../dist/types/vue.js';
import { useTemplateRef, type GlobalComponents, type ShallowRef, type TemplateRef } from 'vue';
import type { AttributesStatus, GcAttributesSentEvent, GcDatabasePlugin, GcErrorEvent } from '../../dist/lib/index.js';

// What vue-tsc makes of a template (@vue/language-core 3.x): a gc- tag is a component tag,
// resolved through GlobalComponents; its attributes and `@event` handlers are checked against
// `$props` (kebab-case names camelized, `@gc-error` as `onGcError`); `ref="db"` holds an instance
// (`new` of the component) and `useTemplateRef('db')` is typed `Readonly<ShallowRef<… | null>>`.
type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];
type InferredRef<T extends keyof GlobalComponents> = Readonly<ShallowRef<InstanceType<GlobalComponents[T]> | null>>;

export const messenger: Props<'gc-messenger'> = {
  environment: 'prod',
  deploymentId: '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f',
  onGcError: (event) => event.reason,
};
export const plugin: Props<'gc-database-plugin'> = { persist: true, onGcAttributesSet: (event) => event.pending };

// @ts-expect-error: the handler gets the event's own class, not any
export const wrongHandler: Props<'gc-database-plugin'> = { onGcAttributesSent: (event) => event.noSuchField };
export const commands: Props<'gc-commands'> = { productPrice: '9.5', recordEventName: 'lab_step', onGcCommandSent: (event) => event.options };
export const login: Props<'gc-login-form'> = { onGcLogin: (event) => event.fields.givenName };
export const eventLog: Props<'gc-event-log'> = { maxEntries: 100, filter: 'Journey', onGcError: (event) => event.reason };
// @ts-expect-error: productHasBatteries is a boolean
export const wrongBatteries: Props<'gc-commands'> = { productHasBatteries: 'yes' };

// What every element takes, typed as on Vue's built-in elements (one attribute a line: each is its own test).
export const role: Props<'gc-database-plugin'> = { role: 'region', 'aria-label': 'Custom attributes' };
export const tabindex: Props<'gc-database-plugin'> = { tabindex: -1 };
export const inert: Props<'gc-database-plugin'> = { inert: true };
export const onClick: Props<'gc-database-plugin'> = { onClick: (event) => event.clientX satisfies number };
export const common: Props<'gc-database-plugin'> = { key: 'plugin', ref: 'db', id: 'plugin', class: ['lab', { ready: true }], style: { marginBlock: '8px' } };
// @ts-expect-error: role is text
export const wrongRole: Props<'gc-database-plugin'> = { role: 1 };

// Booleans are booleans: `<gc-database-plugin persist>` is `true`, `:persist="false"` is false,
// while persist="false" would set the text "false", which turns persist on.
export const persistOff: Props<'gc-database-plugin'> = { persist: false };
// @ts-expect-error: persist is a boolean
export const persistText: Props<'gc-database-plugin'> = { persist: 'false' };
// @ts-expect-error: debug is a boolean
export const debugText: Props<'gc-messenger'> = { debug: 'false' };

// `@gc-attributes-sent="(event) => …"`: the handler gets the event's own class.
const onError = (event: GcErrorEvent) => event.reason;
export const sent: Props<'gc-database-plugin'> = { onGcAttributesSent: (event) => event.attributes satisfies object, onGcError: onError };
// @ts-expect-error: gc-attributes-sent is not a GcErrorEvent
export const wrongEventClass: Props<'gc-database-plugin'> = { onGcAttributesSent: onError };
// @ts-expect-error: no event gc-attributes-snt (vue-tsc reports it with strictTemplates or checkUnknownEvents)
export const misspelled: Props<'gc-database-plugin'> = { onGcAttributesSnt: (event: GcAttributesSentEvent) => event };

// A template ref holds the element: with vue-tsc, `useTemplateRef('db')` for
// `<gc-database-plugin ref="db">` is inferred as this.
declare const inferred: InferredRef<'gc-database-plugin'>;
export const status = inferred.value?.status satisfies AttributesStatus | undefined;
export const element: GcDatabasePlugin | null = inferred.value;
// @ts-expect-error: the element has no such member (the old component instance took any name)
export const noSuchMember = inferred.value?.noSuchMember;
// The typed form, for plain TypeScript (no vue-tsc) and render functions; vue-tsc's inferred ref fits it.
export function useDatabasePlugin() {
  const db: TemplateRef<GcDatabasePlugin> = useTemplateRef<GcDatabasePlugin>('db');
  const fromTemplate: TemplateRef<GcDatabasePlugin> = inferred;
  return { db, fromTemplate, status: (): AttributesStatus | undefined => db.value?.status };
}
