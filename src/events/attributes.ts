import type { CustomAttributes } from '../database-plugin/attributes.js';

/** `gc-attributes-set`: the user set custom attributes; they merged into what the page holds, and the whole set is pending. */
export class GcAttributesSetEvent extends Event {
  static readonly eventName = 'gc-attributes-set' as const;
  constructor(
    /** What this Set added (merged into what was held). */
    readonly attributes: CustomAttributes,
    /** Everything pending now: the whole set the next message carries. */
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

/**
 * `gc-attributes-removed`: the user removed attributes from the page (`Database.remove`).
 * What a message already carried stays on the conversation; the agent still sees it.
 */
export class GcAttributesRemovedEvent extends Event {
  static readonly eventName = 'gc-attributes-removed' as const;
  constructor(
    /** What was removed. */
    readonly attributes: CustomAttributes,
    /** What the page still holds. */
    readonly held: CustomAttributes,
  ) {
    super(GcAttributesRemovedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gc-attributes-set': GcAttributesSetEvent;
    'gc-attributes-sent': GcAttributesSentEvent;
    'gc-attributes-removed': GcAttributesRemovedEvent;
  }
}
