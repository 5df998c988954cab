/**
 * Registers a custom element unless the tag is taken. Including the bundle twice (even
 * under two URLs, which gives two different classes) must never throw: the same class
 * is quiet, another class is a warning and the first registration stays.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    console.warn(`<${tag}> is already defined by another copy of the gc-lab bundle; keeping the first one.`);
  }
}
