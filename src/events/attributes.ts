import type { CustomAttributes } from '../database-plugin/attributes.js';

/** `gc-attributes-set`: the user set custom attributes; they are now pending in the page. */
export class GcAttributesSetEvent extends Event {
  static readonly eventName = 'gc-attributes-set' as const;
  constructor(
    /** What this Set added. */
    readonly attributes: CustomAttributes,
    /** Everything pending now. */
    readonly pending: CustomAttributes,
    /** True when the attributes were restored from the `persist` cache after a page load. */
    readonly restored = false,
  ) {
    super(GcAttributesSetEvent.eventName, { bubbles: true, composed: true });
  }
}

/** `gc-attributes-sent`: a message from the guest carried the pending attributes to the conversation. */
export class GcAttributesSentEvent extends Event {
  static readonly eventName = 'gc-attributes-sent' as const;
  constructor(readonly attributes: CustomAttributes) {
    super(GcAttributesSentEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-attributes-set': GcAttributesSetEvent;
    'gc-attributes-sent': GcAttributesSentEvent;
  }
}
