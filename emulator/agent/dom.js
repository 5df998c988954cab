// Small DOM helpers the agent view's modules share. Everything from the server is shown with
// textContent only (never as markup).

/** @param {string} id */
export const $ = (id) => document.getElementById(id);

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A `<time>` with the local time of `iso`. @param {string} iso */
export function time(iso) {
  const node = el('time', new Date(iso).toLocaleTimeString());
  node.dateTime = iso;
  return node;
}

/** @param {string} text @param {string} href */
export function link(text, href) {
  const a = el('a', text);
  a.href = href;
  return a;
}

export const shortId = (id) => id.slice(0, 8);
