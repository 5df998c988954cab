/*
 * The offline Genesys Messenger runtime: a stand-in for genesys.min.js that follows the
 * documented contract (GENESYS.md §2-5). <gc-messenger> loads it through `bootstrap-src`,
 * the same loader path as the real script. It reads `Genesys.c` and replays `Genesys.q`,
 * then replaces `window.Genesys` with its own function for `command` and `subscribe`.
 *
 * It speaks the Web Messaging Guest API to the emulated service (server/guest-service.mjs)
 * over a WebSocket at `<this script's origin>/v1?deploymentId=…`. Custom attributes held by
 * the Database plugin travel with the guest's next message as
 * `message.channel.metadata.customAttributes`, never earlier, and are not kept across a
 * page load: the behaviour the lab teaches.
 *
 * Query parameters on the script URL (tests and special set-ups):
 *   ready=never        never publish Messenger.ready (a deployment that does not load)
 *   database-delay=MS  publish Database.ready MS milliseconds after the others
 *   reject=NAME        reject every call of command NAME
 *   service=URL        the WebSocket service (default: ws(s)://<script origin>/v1)
 * State for tests and the curious: window.__genesysEmulator.
 */
import { LIMITS, customAttributesBytes } from '../../src/genesys/contract.js';

(function () {
  'use strict';
  var w = window;
  var name = w._genesysJs || 'Genesys';
  var snippet = w[name];
  if (typeof snippet !== 'function') {
    console.error('Genesys emulator: no Genesys snippet on the page; nothing to do.');
    return;
  }
  if (snippet.emulated) return; // this script ran already

  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : location.href, location.href);
  var params = scriptUrl.searchParams;
  var config = Object.assign({}, snippet.c || {});
  var deploymentId = config.deploymentId;
  var queue = Array.prototype.slice.call(snippet.q || []);
  var rejected = params.getAll('reject');
  var serviceUrl = params.get('service') || scriptUrl.origin.replace(/^http/, 'ws') + '/v1';
  var apiBase = new URL(serviceUrl.replace(/^ws/, 'http')).origin;

  // Messenger's localStorage keys (GENESYS.md §4). Which key holds what is Genesys's own
  // business; here `actmu` holds the guest token, reused only while `gcmcsessionActive` is set,
  // so removing the two keys the lab removes does end the session.
  var prefix = '_' + deploymentId + ':';
  var KEYS = { active: prefix + 'gcmcsessionActive', open: prefix + 'gcmcopn', token: prefix + 'actmu' };

  var subscribers = {};
  var published = {};
  var database = { messaging: { customAttributes: {} } };
  // Set by Database.set/update/remove, cleared when a message carries the attributes.
  var attributesChanged = false;
  var shutDown = false;
  var databaseReady = false;
  var transcript = [];
  var state = {
    config: config,
    snippet: { t: snippet.t, queued: queue.length },
    calls: [],
    published: [],
    log: [], // 'publish:<event>', 'command:<name>', 'frame:<action>' in the order they happened
    frames: [], // every frame sent to the service
    database: database,
    transcript: transcript,
  };
  w.__genesysEmulator = state;

  // ---------------------------------------------------------------- helpers

  function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  function storage(action, key, value) {
    try {
      if (action === 'get') return localStorage.getItem(key);
      if (action === 'set') localStorage.setItem(key, value);
      if (action === 'remove') localStorage.removeItem(key);
    } catch (e) {
      /* storage off: the session simply does not survive a reload */
    }
    return null;
  }

  function newToken() {
    if (w.crypto && typeof w.crypto.randomUUID === 'function') return w.crypto.randomUUID();
    return 'guest-' + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function deepMerge(target, source) {
    Object.keys(source).forEach(function (key) {
      if (isObject(source[key]) && isObject(target[key])) deepMerge(target[key], source[key]);
      else target[key] = clone(source[key]);
    });
    return target;
  }

  function lookup(path) {
    if (!path) return database;
    return path.split('.').reduce(function (node, key) {
      return node == null ? undefined : node[key];
    }, database);
  }

  function currentAttributes() {
    return (database.messaging && database.messaging.customAttributes) || {};
  }

  function attributesBytes(attributes) {
    return customAttributesBytes(attributes || {});
  }

  // ---------------------------------------------------------------- publish / subscribe

  function publish(eventName, data) {
    var parts = eventName.split('.');
    var payload = { time: Date.now(), publisher: parts[0], event: parts[1], eventName: eventName, data: data };
    state.published.push(payload);
    state.log.push('publish:' + eventName);
    if (parts[1] === 'ready') published[eventName] = payload;
    (subscribers[eventName] || []).slice().forEach(function (callback) {
      try {
        callback(payload);
      } catch (error) {
        console.error('Genesys emulator: a subscriber to ' + eventName + ' threw', error);
      }
    });
  }

  function subscribe(eventName, callback) {
    if (typeof callback !== 'function') return;
    (subscribers[eventName] = subscribers[eventName] || []).push(callback);
    if (published[eventName]) {
      var payload = published[eventName];
      setTimeout(function () {
        callback(payload);
      });
    }
  }

  // ---------------------------------------------------------------- the Guest API connection

  var socket = null;
  var session = null; // { token, configured, pending: [resolve, reject][] }

  function sendFrame(frame) {
    state.frames.push(clone(frame));
    state.log.push('frame:' + frame.action);
    socket.send(JSON.stringify(frame));
  }

  /** Opens the connection and configures the session; resolves once the service accepted it. */
  function connect(options) {
    options = options || {};
    if (session && session.configured && socket && socket.readyState === WebSocket.OPEN && !options.startNew) {
      return Promise.resolve();
    }
    if (session && session.connecting && !options.startNew) return session.connecting;
    var token = options.token || (session && session.token) || newToken();
    session = { token: token, configured: false, restoring: !!options.restoring };
    session.connecting = new Promise(function (resolve, reject) {
      session.waiters = { resolve: resolve, reject: reject };
      if (socket && socket.readyState === WebSocket.OPEN) {
        sendFrame({ action: 'configureSession', token: token, deploymentId: deploymentId, startNew: !!options.startNew });
        return;
      }
      try {
        socket = new WebSocket(serviceUrl + '?deploymentId=' + encodeURIComponent(deploymentId));
      } catch (error) {
        reject(error);
        return;
      }
      var current = socket;
      var opened = false;
      current.addEventListener('open', function () {
        opened = true;
        sendFrame({ action: 'configureSession', token: token, deploymentId: deploymentId, startNew: !!options.startNew });
      });
      current.addEventListener('message', function (event) {
        var frame;
        try {
          frame = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        receive(frame);
      });
      current.addEventListener('close', function () {
        if (socket !== current) return;
        var wasConfigured = session && session.configured;
        socket = null;
        if (session) {
          session.configured = false;
          session.connecting = null;
          if (session.waiters) {
            session.waiters.reject(
              new Error(opened ? 'The messaging service closed the connection.' : 'Cannot reach the messaging service at ' + serviceUrl + '.'),
            );
          }
          session.waiters = null;
        }
        if (wasConfigured && !shutDown) publish('MessagingService.offline', {});
      });
      current.addEventListener('error', function () {
        if (socket !== current) return;
        var message = 'Cannot reach the messaging service at ' + serviceUrl + '.';
        ui.error(message);
        publish('MessagingService.error', { error: message });
      });
    });
    return session.connecting;
  }

  function receive(frame) {
    if (frame.class === 'SessionResponse') {
      if (!session) return;
      session.configured = true;
      session.connecting = null;
      state.token = session.token;
      state.conversationId = frame.body && frame.body.conversationId;
      storage('set', KEYS.active, 'true');
      storage('set', KEYS.token, session.token);
      if (frame.body && frame.body.newSession) {
        transcript.length = 0;
        ui.render();
        publish('MessagingService.started', { newSession: true });
        publish('Conversations.started', {});
      } else {
        publish('MessagingService.restored', {});
        loadHistory();
      }
      if (session.waiters) session.waiters.resolve();
      session.waiters = null;
      return;
    }
    if (frame.class === 'StructuredMessage' && frame.type === 'message') {
      var body = frame.body || {};
      if (body.type === 'Text') {
        transcript.push(body);
        ui.render();
        publish('MessagingService.messagesReceived', { messages: [clone(body)] });
      }
      return;
    }
    if (frame.class === 'SessionClearedEvent') {
      endSession();
      publish('MessagingService.conversationCleared', {});
      publish('MessagingService.sessionCleared', {});
      return;
    }
    if (frame.class === 'ConnectionClosedEvent' || frame.class === 'StructuredMessage') return;
    // Errors: class `string` or TooManyRequestsErrorMessage.
    var text = typeof frame.body === 'string' ? frame.body : (frame.body && frame.body.errorMessage) || 'Error ' + frame.code;
    if (frame.code === 413 && /Custom attributes/i.test(text)) {
      publish('MessagingService.customAttributesSizeExceeded', { error: text });
    }
    ui.error(text);
    publish('MessagingService.error', { error: text, code: frame.code, class: frame.class });
    if (session && session.waiters && !session.configured) {
      session.waiters.reject(new Error(text));
      session.waiters = null;
      session.connecting = null;
    }
  }

  function endSession() {
    storage('remove', KEYS.active);
    storage('remove', KEYS.token);
    session = null;
    transcript.length = 0;
    ui.render();
  }

  // History is fetched over HTTP, as the real SDK fetches it over REST; it is shown, not
  // re-published as messagesReceived (GENESYS.md does not say the SDK replays history as such).
  function loadHistory() {
    if (!session) return;
    fetch(apiBase + '/api/history?token=' + encodeURIComponent(session.token))
      .then(function (res) {
        return res.ok ? res.json() : { messages: [] };
      })
      .then(function (body) {
        transcript.length = 0;
        Array.prototype.push.apply(transcript, body.messages || []);
        ui.render();
      })
      .catch(function () {
        /* history is a nicety */
      });
  }

  function sendMessage(text) {
    var attributes = attributesChanged ? clone(currentAttributes()) : undefined;
    if (attributes && attributesBytes(attributes) > LIMITS.maxCustomDataBytes) {
      publish('MessagingService.customAttributesSizeExceeded', { size: attributesBytes(attributes) });
      return Promise.reject(new Error('Custom attributes are over 2048 bytes; the message was not sent.'));
    }
    var activeToken = storage('get', KEYS.active) ? storage('get', KEYS.token) : null;
    return connect({ token: (session && session.token) || activeToken || undefined }).then(function () {
      publish('MessagingService.sendingMessage', { text: text });
      var message = { type: 'Text', text: text };
      if (attributes && Object.keys(attributes).length) {
        message.channel = { metadata: { customAttributes: attributes } };
      }
      sendFrame({ action: 'onMessage', token: session.token, message: message });
      attributesChanged = false;
    });
  }

  function journey(kind, data) {
    return fetch(apiBase + '/api/journey', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deploymentId: deploymentId, token: session && session.token, kind: kind, data: data || {} }),
      keepalive: true,
    }).then(function (res) {
      if (!res.ok) throw new Error('Journey ' + kind + ' was refused (' + res.status + ')');
    });
  }

  // ---------------------------------------------------------------- commands

  var commands = {
    // Shallow merge at the database's root (GENESYS.md §3).
    'Database.set': function (options) {
      var attrs = options && options.messaging && options.messaging.customAttributes;
      Object.assign(database, clone(options || {}));
      if (attrs) database.messaging.customAttributes = Object.assign({}, state.lastAttrs || {}, clone(attrs));
      state.lastAttrs = database.messaging.customAttributes;
      attributesChanged = true;
      publish('Database.updated', clone(database));
      return clone(database);
    },
    'Database.update': function (options) {
      deepMerge(database, options || {});
      attributesChanged = true;
      publish('Database.updated', clone(database));
      return clone(database);
    },
    'Database.get': function (options) {
      return clone(lookup(options && options.name));
    },
    'Database.remove': function (options) {
      var path = (options && options.name) || '';
      var keys = path.split('.');
      var last = keys.pop();
      var parent = keys.length ? lookup(keys.join('.')) : database;
      if (parent && last) delete parent[last];
      if (path === 'messaging.customAttributes') state.lastAttrs = undefined;
      attributesChanged = true;
      publish('Database.removed', { name: path });
      return clone(database);
    },
    'Messenger.open': function () {
      ui.open(true);
    },
    'Messenger.close': function () {
      ui.open(false);
    },
    'Messenger.clear': function () {
      var keys = [];
      try {
        keys = Object.keys(localStorage);
      } catch (e) {
        /* storage off: nothing kept, nothing to clear */
      }
      keys
        .filter(function (key) {
          return key.indexOf(prefix) === 0;
        })
        .forEach(function (key) {
          storage('remove', key);
        });
      if (socket && session && session.configured) sendFrame({ action: 'closeSession', token: session.token });
      shutDown = true;
      session = null;
      ui.remove();
      publish('Messenger.cleared', {});
    },
    'Launcher.show': function () {
      ui.launcher(true);
    },
    'Launcher.hide': function () {
      ui.launcher(false);
    },
    'MessagingService.startConversation': function () {
      return connect({ token: storage('get', KEYS.active) ? storage('get', KEYS.token) : undefined });
    },
    'MessagingService.resetConversation': function () {
      return connect({ token: session && session.token, startNew: true });
    },
    'MessagingService.sendMessage': function (options) {
      var text = options && typeof options.message === 'string' ? options.message : '';
      if (!text.trim()) throw new Error('sendMessage needs a non-empty "message".');
      return sendMessage(text);
    },
    'MessagingService.sendTyping': function () {},
    'MessagingService.fetchHistory': function () {
      return clone(transcript);
    },
    'MessagingService.clearConversation': function () {
      if (!session || !session.configured) throw new Error('There is no conversation to clear.');
      sendFrame({
        action: 'onMessage',
        token: session.token,
        message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] },
      });
    },
    'MessagingService.clearSession': function () {
      endSession();
      publish('MessagingService.sessionCleared', {});
    },
    'Journey.pageview': function (options) {
      return journey('pageview', options);
    },
    'Journey.record': function (options) {
      if (!options || typeof options.eventName !== 'string') throw new Error('Journey.record needs an "eventName".');
      return journey('record', options);
    },
  };

  function run(kind, commandName, options, resolve, reject) {
    if (kind === 'subscribe') {
      subscribe(commandName, options);
      return;
    }
    if (kind !== 'command') return;
    state.calls.push({ command: commandName, options: clone(options) });
    state.log.push('command:' + commandName);
    var done = function (value) {
      if (typeof resolve === 'function') resolve(value);
    };
    var fail = function (error) {
      if (typeof reject === 'function') reject(error && error.message ? error.message : String(error));
    };
    if (shutDown) return fail('Messenger was cleared; it is shut down until the page reloads.');
    if (rejected.indexOf(commandName) !== -1) return fail(commandName + ' rejected by the emulator (reject=' + commandName + ')');
    // Inferred from GENESYS.md §3 ("subscribe to Database.ready before using it"): the
    // Database plugin refuses commands until it is ready, the trap the lab page fell into.
    if (commandName.indexOf('Database.') === 0 && !databaseReady) {
      return fail(commandName + ': the Database plugin is not ready yet (wait for Database.ready).');
    }
    var handler = commands[commandName];
    if (!handler) return done(undefined); // other plugins' commands are accepted and do nothing here
    try {
      var result = handler(options);
      if (result && typeof result.then === 'function') result.then(done, fail);
      else done(result);
    } catch (error) {
      fail(error);
    }
  }

  // ---------------------------------------------------------------- the launcher and chat window

  var ui = (function () {
    var host;
    var root;
    var open = false;
    var launcherVisible = true;
    var sheet;
    function styles() {
      if (sheet) return sheet;
      sheet = new CSSStyleSheet();
      sheet.replaceSync(
        ':host{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:#1d1d1f}' +
          'button{font:inherit;font-weight:600;cursor:pointer;border-radius:6px;border:1px solid #c2410c;background:#c2410c;color:#fff;padding:.5rem .9rem}' +
          'button:focus-visible,input:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}' +
          '.window{width:21rem;margin-bottom:.5rem;background:#fff;border:1px solid #c9ccd1;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.15);display:grid;grid-template-rows:auto 1fr auto auto;max-height:26rem}' +
          '.window[hidden],.launcher[hidden]{display:none}.head{margin:0;padding:.5rem .75rem;background:#2c2c30;color:#fff;border-radius:8px 8px 0 0;font-size:1em}' +
          'ol{list-style:none;margin:0;padding:.5rem;overflow:auto;min-height:6rem;display:grid;gap:.4rem;align-content:start}' +
          'li{padding:.35rem .6rem;border-radius:8px;max-width:85%}li.Inbound{justify-self:end;background:#e8f0fe}li.Outbound{justify-self:start;background:#f1f1f1}' +
          'li small{display:block;color:#4a4f57;font-size:.8em}' +
          '.error{margin:0;padding:.25rem .75rem;color:#b3261e}.error:empty{display:none}' +
          'form{display:flex;gap:.4rem;padding:.5rem;border-top:1px solid #e1e3e6}input{flex:1;font:inherit;padding:.4rem;border:1px solid #8a8f98;border-radius:6px}' +
          '.launcher{display:block;margin-left:auto}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}',
      );
      return sheet;
    }
    function el(tag, props) {
      var node = document.createElement(tag);
      Object.keys(props || {}).forEach(function (key) {
        if (key === 'text') node.textContent = props[key];
        else if (key.indexOf('aria-') === 0 || key === 'role') node.setAttribute(key, props[key]);
        else node[key] = props[key];
      });
      return node;
    }
    function build() {
      if (host || shutDown) return;
      host = el('div');
      host.setAttribute('data-genesys-emulator', '');
      root = host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [styles()];
      var win = el('section', { className: 'window', hidden: true, 'aria-labelledby': 'chat-title' });
      var head = el('h2', { className: 'head', id: 'chat-title', text: 'Messenger (offline emulator)' });
      var list = el('ol', { 'aria-label': 'Conversation', 'aria-live': 'polite' });
      var error = el('p', { className: 'error', role: 'alert' });
      var form = el('form');
      var label = el('label', { className: 'sr', htmlFor: 'message', text: 'Message' });
      var input = el('input', { id: 'message', autocomplete: 'off' });
      var send = el('button', { type: 'submit', text: 'Send' });
      form.append(label, input, send);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var text = input.value;
        if (!text.trim()) return;
        setError('');
        run('command', 'MessagingService.sendMessage', { message: text }, function () {
          input.value = '';
        }, setError);
      });
      win.append(head, list, error, form);
      var launcher = el('button', { className: 'launcher', type: 'button', text: 'Chat', 'aria-expanded': 'false' });
      launcher.hidden = !launcherVisible;
      launcher.addEventListener('click', function () {
        setOpen(!open);
      });
      root.append(win, launcher);
      document.body.appendChild(host);
      render();
    }
    function setError(message) {
      if (root) root.querySelector('.error').textContent = message || '';
    }
    function setOpen(value) {
      build();
      if (!root) return;
      open = value;
      root.querySelector('.window').hidden = !open;
      var launcher = root.querySelector('.launcher');
      launcher.setAttribute('aria-expanded', String(open));
      launcher.textContent = open ? 'Close chat' : 'Chat';
      if (open) storage('set', KEYS.open, 'true');
      else storage('remove', KEYS.open);
      publish(open ? 'Messenger.opened' : 'Messenger.closed', {});
      publish(open ? 'Conversations.opened' : 'Conversations.closed', {});
      if (open) root.querySelector('input').focus();
    }
    function render() {
      if (!root) return;
      var list = root.querySelector('ol');
      list.replaceChildren.apply(
        list,
        transcript.map(function (message) {
          var item = el('li', { className: message.direction === 'Outbound' ? 'Outbound' : 'Inbound', text: message.text });
          var attrs = message.channel && message.channel.metadata && message.channel.metadata.customAttributes;
          if (attrs && Object.keys(attrs).length) {
            item.append(el('small', { text: 'sent with custom attributes: ' + Object.keys(attrs).join(', ') }));
          }
          return item;
        }),
      );
      list.scrollTop = list.scrollHeight;
    }
    return {
      build: build,
      open: setOpen,
      render: render,
      error: setError,
      launcher: function (visible) {
        launcherVisible = visible;
        if (root) root.querySelector('.launcher').hidden = !visible;
      },
      remove: function () {
        if (host) host.remove();
        host = root = undefined;
      },
    };
  })();

  // ---------------------------------------------------------------- start

  var genesys = function (kind, commandName, options, resolve, reject) {
    run(kind, commandName, options, resolve, reject);
  };
  genesys.emulated = true;
  genesys.c = config;
  w[name] = genesys;

  if (!deploymentId) {
    console.error('Genesys emulator: Genesys.c has no deploymentId; Messenger does not start.');
    return;
  }

  queue.forEach(function (args) {
    run.apply(null, Array.prototype.slice.call(args));
  });

  setTimeout(function () {
    var start = function () {
      ui.build();
      if (storage('get', KEYS.open)) ui.open(true);
    };
    if (document.body) start();
    else document.addEventListener('DOMContentLoaded', start);
    if (params.get('ready') === 'never') return;
    publish('Messenger.ready', {});
    publish('MessagingService.ready', {});
    publish('Conversations.ready', {});
    publish('Journey.ready', {});
    publish('Launcher.ready', {});
    var ready = function () {
      databaseReady = true;
      publish('Database.ready', {});
    };
    var delay = Number(params.get('database-delay') || 0);
    if (delay > 0) setTimeout(ready, delay);
    else ready();
    // A guest with an active session gets it back after a page load.
    var token = storage('get', KEYS.active) ? storage('get', KEYS.token) : null;
    if (token) connect({ token: token, restoring: true }).catch(function () {});
  });
})();
