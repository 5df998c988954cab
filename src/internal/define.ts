/** With `staggerDefinitions()`: definitions waiting for a task of their own, in order. */
let waiting: Array<[string, CustomElementConstructor]> | undefined;

/**
 * Registers a custom element unless the tag is taken. Including the bundle twice (even
 * under two URLs, which gives two different classes) must never throw: the same class
 * is quiet, another class is a warning and the first registration stays.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (waiting) {
    if (waiting.push([tag, ctor]) === 1) setTimeout(defineNext);
    return;
  }
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    console.warn(`<${tag}> is already defined by another copy of the gc-lab bundle; keeping the first one.`);
  }
}

/**
 * From now on, `define` registers each element in a task of its own, in the order asked,
 * instead of at once. An element's upgrade and first render still happen together (its first
 * render is a microtask of the task that defines it), so with the documented `:not(:defined)`
 * rule the page never lays out an element that is defined but empty; and no task of the page
 * has to compile, upgrade and render all three at once. The single bundle does this; the
 * per-element modules register at once.
 */
export function staggerDefinitions(): void {
  waiting ??= [];
}

function defineNext(): void {
  const queue = waiting!;
  const [tag, ctor] = queue.shift()!;
  if (queue.length) setTimeout(defineNext);
  waiting = undefined;
  try {
    define(tag, ctor);
  } finally {
    waiting = queue;
  }
}
