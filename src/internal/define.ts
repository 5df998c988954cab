/** With `staggerDefinitions()`: definitions waiting for a task of their own, in order. */
let waiting: Array<[string, CustomElementConstructor]> | undefined;

/**
 * Registers a custom element unless the tag is taken. Including the bundle twice (even
 * under two URLs, which gives two different classes) must never throw: the same class
 * is quiet, another class is a warning and the first registration stays.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  // Staggered only when the page's document already has the tag: then registering it upgrades and
  // renders those elements, which is the work worth spreading out. Otherwise it registers at once,
  // so that an app that imports the bundle and then renders the tags (React and Vue decide between
  // property and attribute by whether the element has the property) finds them defined. Tags only
  // inside shadow roots are not looked for: those register at once.
  if (waiting && document.querySelector(tag)) {
    if (waiting.push([tag, ctor]) === 1) setTimeout(defineNext);
    return;
  }
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    console.warn(`<${tag}> is already defined by another copy of the gc-lab elements; keeping that one.`);
  }
}

/**
 * From now on, `define` registers each element that is already on the page in a task of its own,
 * in the order asked, instead of at once. An element's upgrade and first render still happen
 * together (its first render is a microtask of the task that registers it), so with the documented
 * `:not(:defined)` rule the page never lays out an element that is defined but empty; and no task
 * of the page has to compile, upgrade and render all three at once. The single bundle does this;
 * the per-element modules register at once.
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
  } catch (error) {
    // Thrown in a task of its own: say which tag, and report it as the page's error, as an
    // exception at import would have been.
    console.error(`gc-lab: could not register <${tag}>.`);
    reportError(error);
  } finally {
    waiting = queue;
  }
}
