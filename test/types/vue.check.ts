// Vue 3 with the generated GlobalComponents: the tags' props and `@gc-…` handlers are typed.
import '../../dist/types/vue.js';
import type { GlobalComponents } from 'vue';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];

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
