// @ts-check
/**
 * The launcher and chat window, in a shadow root on <body>. CSP-safe: one constructable
 * stylesheet, no inline style attributes, text only through `textContent`. Accessible: real
 * labels, errors in a `role="alert"`, a visible focus ring, the ended state announced.
 */

import { WIRE } from '../../src/genesys/contract.js';

/** @typedef {import('../../src/genesys/contract.js').StructuredMessageBody} StructuredMessageBody */

export const TEXT = Object.freeze({
  title: 'Messenger (offline emulator)',
  greeting: 'Hello! Send a message and an agent will be with you shortly.',
  ended: 'The agent ended this conversation.',
  startNew: 'Start a new conversation',
});

// Light or dark as the page's color-scheme says; the focus ring is the one the elements use.
const CSS =
  ':host{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:light-dark(#1d1d1f,#e8e8ea)}' +
  'button{font:inherit;font-weight:600;cursor:pointer;border-radius:6px;border:1px solid #c2410c;background:#c2410c;color:#fff;padding:.5rem .9rem}' +
  'button:disabled{cursor:not-allowed;background:#8a8f98;border-color:#8a8f98}' +
  'button:focus-visible,input:focus-visible{outline:3px solid CanvasText;outline-offset:2px}' +
  '.window{width:min(21rem,calc(100vw - 2rem));margin-bottom:.5rem;background:light-dark(#fff,#1d1f23);border:1px solid light-dark(#c9ccd1,#44474f);border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.15);display:grid;grid-template-rows:auto auto 1fr auto auto auto;max-height:26rem}' +
  // On narrow screens the window stays in the bottom half: the page above it stays readable.
  '@media (max-width:63.99rem){.window{max-height:calc(50vh - 5rem)}}' +
  '[hidden]{display:none!important}.head{margin:0;padding:.5rem .75rem;background:#2c2c30;color:#fff;border-radius:8px 8px 0 0;font-size:1em}' +
  '.greeting{margin:.5rem .75rem 0;color:light-dark(#4a4f57,#b8bcc4);font-style:italic}' +
  'ol{list-style:none;margin:0;padding:.5rem;overflow:auto;min-height:4rem;display:grid;gap:.4rem;align-content:start}' +
  'li{padding:.35rem .6rem;border-radius:8px;max-width:85%}li.Inbound{justify-self:end;background:light-dark(#e8f0fe,#1f3558)}li.Outbound{justify-self:start;background:light-dark(#f1f1f1,#2a2d33)}' +
  'li small{display:block;color:light-dark(#4a4f57,#b8bcc4);font-size:.8em}' +
  '.ended{margin:0;padding:.5rem .75rem;border-top:1px solid light-dark(#e1e3e6,#3a3d44);display:grid;gap:.4rem;justify-items:start}.ended p{margin:0;font-weight:600}' +
  '.error{margin:0;padding:.25rem .75rem;color:light-dark(#b3261e,#f2b8b5)}.error:empty{display:none}' +
  'form{display:flex;gap:.4rem;padding:.5rem;border-top:1px solid light-dark(#e1e3e6,#3a3d44)}input{flex:1;min-width:0;font:inherit;padding:.4rem;border:1px solid light-dark(#8a8f98,#7d818a);border-radius:6px;background:Field;color:FieldText}' +
  'input:disabled{background:light-dark(#f1f1f1,#2a2d33)}' +
  '.launcher{display:block;margin-left:auto;position:relative}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}' +
  // The unread count, on the launcher's corner (dark on the light page, light on the dark one).
  '.badge{position:absolute;top:-.6rem;right:-.5rem;min-width:1.5em;padding:0 .35em;box-sizing:border-box;border:1px solid transparent;' +
  'border-radius:1em;background:light-dark(#1d1d1f,#fff);color:light-dark(#fff,#1d1d1f);font-size:.8em;line-height:1.4;text-align:center}';

/**
 * What the emulator shows reserves room on the page, so that it never covers what the page
 * shows (the lab's panels, their buttons and feedback). The open chat: beside the content on
 * wide screens, and below it (with scroll padding, so that anything scrolled into view lands
 * above the chat) on narrow ones. The launcher alone (the chat closed) sits over the page's
 * bottom-right corner at every width: the same scroll padding and room after the content, its
 * height (with the unread badge) and offset, so that the page's last row can scroll above it.
 * `data-genesys-emulator-chat` on <html> says which: `open`, `closed` (the launcher shows), or
 * none (nothing shows). A constructable sheet on the document: no style attributes, fine under
 * a strict CSP.
 */
const PAGE_CSS =
  "@media (min-width:64rem){:root[data-genesys-emulator-chat='open'] body{margin-inline-end:24rem}}" +
  "@media (max-width:63.99rem){:root[data-genesys-emulator-chat='open']{scroll-padding-bottom:50vh}" +
  ":root[data-genesys-emulator-chat='open'] body{padding-bottom:50vh}}" +
  ":root[data-genesys-emulator-chat='closed']{scroll-padding-bottom:calc(1rem + 56px);padding-bottom:calc(1rem + 56px)}";

/** The unread count as the badge shows it: at most two digits. */
export const UNREAD_CAP = 99;

/**
 * @param {{
 *   transcript: StructuredMessageBody[],
 *   isReadOnly: () => boolean,
 *   isShutDown: () => boolean,
 *   send: (text: string) => Promise<unknown>,
 *   reset: () => Promise<unknown>,
 *   openChanged: (open: boolean) => void,
 * }} options
 */
export function createUi(options) {
  /** @type {HTMLElement | undefined} */
  let host;
  /** @type {ShadowRoot | undefined} */
  let root;
  let open = false;
  let launcherVisible = true;
  /** Replies (Outbound messages) that came while the chat was closed; opening it reads them. */
  let unread = 0;
  /** @type {CSSStyleSheet | undefined} */
  let sheet;

  function styles() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      const page = new CSSStyleSheet();
      page.replaceSync(PAGE_CSS);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
    }
    return sheet;
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string | boolean>} [props]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, props = {}) {
    const node = document.createElement(tag);
    for (const key of Object.keys(props)) {
      const value = props[key];
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = String(value);
      else if (typeof value === 'boolean') /** @type {any} */ (node)[key] = value;
      else node.setAttribute(key, value);
    }
    return node;
  }

  /** @param {string} selector */
  function $(selector) {
    return /** @type {HTMLElement} */ (/** @type {ShadowRoot} */ (root).querySelector(selector));
  }

  function build() {
    if (host || options.isShutDown()) return;
    host = el('div', { 'data-genesys-emulator': '' });
    root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles()];
    const win = el('section', { class: 'window', hidden: true, 'aria-labelledby': 'chat-title' });
    const head = el('h2', { class: 'head', id: 'chat-title', text: TEXT.title });
    const greeting = el('p', { class: 'greeting', text: TEXT.greeting });
    const list = el('ol', { 'aria-label': 'Conversation', 'aria-live': 'polite' });
    const ended = el('div', { class: 'ended', hidden: true });
    const endedText = el('p', { role: 'status', text: TEXT.ended });
    const reset = el('button', { type: 'button', class: 'reset', text: TEXT.startNew });
    ended.append(endedText, reset);
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { 'aria-label': 'Send a message' });
    const label = el('label', { class: 'sr', for: 'message', text: 'Message' });
    const input = el('input', { id: 'message', autocomplete: 'off' });
    const send = el('button', { type: 'submit', class: 'send', text: 'Send' });
    form.append(label, input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (!text.trim() || input.readOnly) return;
      setError('');
      options.send(text).then(() => {
        input.value = '';
      }, (error) => setError(error instanceof Error ? error.message : String(error)));
    });
    reset.addEventListener('click', () => {
      setError('');
      options.reset().then(() => input.focus(), (error) => setError(error instanceof Error ? error.message : String(error)));
    });
    win.append(head, greeting, list, ended, error, form);
    const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false' });
    launcher.hidden = !launcherVisible;
    launcher.addEventListener('click', () => setOpen(!open, true));
    root.append(win, launcher);
    document.body.appendChild(host);
    renderLauncher();
    render();
  }

  /**
   * The launcher's label and, while the chat is closed, the unread count: a badge (hidden from
   * assistive technology) and the same count in the button's name ("Chat, 2 unread messages").
   */
  function renderLauncher() {
    if (!root) return;
    const launcher = $('.launcher');
    launcher.replaceChildren(open ? 'Close chat' : 'Chat');
    if (!open && unread > 0) {
      launcher.append(
        el('span', { class: 'sr', text: ', ' + unread + (unread === 1 ? ' unread message' : ' unread messages') }),
        el('span', { class: 'badge', 'aria-hidden': 'true', text: unread > UNREAD_CAP ? UNREAD_CAP + '+' : String(unread) }),
      );
    }
    // What the emulator shows on the page, for PAGE_CSS: the chat, the launcher alone, or nothing.
    const shows = open ? 'open' : launcherVisible ? 'closed' : '';
    if (shows) document.documentElement.dataset.genesysEmulatorChat = shows;
    else delete document.documentElement.dataset.genesysEmulatorChat;
  }

  /** @param {string} message */
  function setError(message) {
    if (root) $('.error').textContent = message || '';
  }

  /**
   * @param {boolean} value
   * @param {boolean} [focus] move focus into the chat: when the visitor opened it (the launcher,
   *   or Messenger.open), not when a page load restores it open (focus stays where the page put it)
   */
  function setOpen(value, focus = false) {
    build();
    if (!root) return;
    open = value;
    if (open) unread = 0;
    $('.window').hidden = !open;
    $('.launcher').setAttribute('aria-expanded', String(open));
    renderLauncher();
    options.openChanged(open);
    if (open && focus) focusInput();
  }

  function focusInput() {
    const input = /** @type {HTMLInputElement} */ ($('input'));
    if (!input.disabled) input.focus();
    else $('.reset').focus();
  }

  function render() {
    if (!root) return;
    const readOnly = options.isReadOnly();
    const messages = options.transcript.filter((message) => message.type === WIRE.text || message.type === undefined);
    // A conversation cleared or started anew takes its unread replies with it.
    const replies = messages.filter((message) => message.direction === WIRE.outbound).length;
    if (unread > replies) {
      unread = replies;
      renderLauncher();
    }
    $('.greeting').hidden = messages.length > 0 || readOnly;
    const list = $('ol');
    list.replaceChildren(
      ...messages.map((message) => {
        const item = el('li', { class: message.direction === WIRE.outbound ? 'Outbound' : 'Inbound', text: message.text || '' });
        const attrs = message.channel && message.channel.metadata && message.channel.metadata.customAttributes;
        if (attrs && Object.keys(attrs).length) {
          item.append(el('small', { text: 'sent with custom attributes: ' + Object.keys(attrs).join(', ') }));
        }
        return item;
      }),
    );
    list.scrollTop = list.scrollHeight;
    const input = /** @type {HTMLInputElement} */ ($('input'));
    const hadFocus = root.activeElement === input;
    $('.ended').hidden = !readOnly;
    input.readOnly = readOnly;
    input.disabled = readOnly;
    /** @type {HTMLButtonElement} */ ($('.send')).disabled = readOnly;
    if (readOnly && hadFocus) $('.reset').focus();
  }

  return {
    build,
    open: setOpen,
    render,
    error: setError,
    /**
     * A message came over the socket: a reply while the chat is closed is unread until the
     * guest opens it. History restored after a page load never counts: the emulator keeps no
     * read marker, so it cannot tell what the guest saw before the load.
     * @param {StructuredMessageBody} message
     */
    received(message) {
      if (open || message.direction !== WIRE.outbound) return;
      unread += 1;
      renderLauncher();
    },
    /** @param {boolean} visible */
    launcher(visible) {
      launcherVisible = visible;
      if (root) $('.launcher').hidden = !visible;
      renderLauncher();
    },
    remove() {
      delete document.documentElement.dataset.genesysEmulatorChat;
      if (host) host.remove();
      host = root = undefined;
    },
  };
}

/** @typedef {ReturnType<typeof createUi>} ChatUi */
