/*
 * An offline stand-in for Genesys's genesys.min.js, following the documented contract
 * (GENESYS.md §2-4). <gc-messenger> loads it through `bootstrap-src`, the same loader
 * path as the real script: it reads `Genesys.c` and replays `Genesys.q`, then replaces
 * `window.Genesys` with its own function for `command` and `subscribe`.
 *
 * This browser-only version answers locally: a guest message is echoed back as an
 * Inbound message carrying the attributes the Database plugin held. It renders a
 * launcher and a small chat window so that a person can send that message.
 *
 * Test switches, as query parameters on the script URL:
 *   ready=never        never publish Messenger.ready (a deployment that does not load)
 *   database-delay=MS  publish Database.ready MS milliseconds after the others
 *   reject=NAME        reject every call of command NAME
 * State for tests: window.__genesysEmulator ({ config, calls, published, database }).
 */
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
  var params = new URL(script && script.src ? script.src : location.href, location.href).searchParams;
  var config = Object.assign({}, snippet.c || {});
  var deploymentId = config.deploymentId;
  var queue = Array.prototype.slice.call(snippet.q || []);
  var rejected = params.getAll('reject');
  var prefix = '_' + deploymentId + ':';

  var subscribers = {}; // eventName -> [callback]
  var published = {}; // eventName -> payload, for the ready events replayed to late subscribers
  var database = { messaging: { customAttributes: {} } };
  var shutDown = false;
  var state = {
    config: config,
    snippet: { t: snippet.t, queued: queue.length },
    calls: [],
    published: [],
    log: [], // 'publish:<event>' and 'command:<name>' in the order they happened
    database: database,
  };
  w.__genesysEmulator = state;

  function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

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

  function attributesBytes(attributes) {
    var encoder = new TextEncoder();
    return Object.keys(attributes || {}).reduce(function (sum, key) {
      return sum + encoder.encode(key).length + encoder.encode(String(attributes[key])).length;
    }, 0);
  }

  var transcript = [];
  function storeSession() {
    try {
      localStorage.setItem(prefix + 'gcmcsessionActive', 'true');
    } catch (e) {
      /* storage off */
    }
  }

  var commands = {
    // Shallow merge at the database's root (GENESYS.md §3).
    'Database.set': function (options) {
      Object.assign(database, clone(options || {}));
      publish('Database.updated', clone(database));
      return clone(database);
    },
    'Database.update': function (options) {
      deepMerge(database, options || {});
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
      publish('Database.removed', { name: path });
      return clone(database);
    },
    'Messenger.open': function () {
      ui.open(true);
      return undefined;
    },
    'Messenger.close': function () {
      ui.open(false);
      return undefined;
    },
    'Messenger.clear': function () {
      Object.keys(localStorage)
        .filter(function (key) {
          return key.indexOf(prefix) === 0;
        })
        .forEach(function (key) {
          localStorage.removeItem(key);
        });
      shutDown = true;
      ui.remove();
      publish('Messenger.cleared', {});
      return undefined;
    },
    'MessagingService.startConversation': function () {
      storeSession();
      publish('MessagingService.started', { newSession: true });
      return undefined;
    },
    'MessagingService.sendMessage': function (options) {
      var text = options && typeof options.message === 'string' ? options.message : '';
      if (!text.trim()) throw new Error('sendMessage needs a message');
      var attributes = clone((database.messaging && database.messaging.customAttributes) || {});
      if (attributesBytes(attributes) > 2048) {
        publish('MessagingService.customAttributesSizeExceeded', { size: attributesBytes(attributes) });
        throw new Error('custom attributes over 2048 bytes');
      }
      publish('MessagingService.sendingMessage', { text: text });
      storeSession();
      var message = {
        id: String(Date.now()) + Math.random().toString(16).slice(2),
        direction: 'Inbound',
        type: 'Text',
        text: text,
        timestamp: new Date().toISOString(),
        channel: { metadata: { customAttributes: attributes } },
      };
      transcript.push(message);
      ui.render();
      setTimeout(function () {
        publish('MessagingService.messagesReceived', { messages: [clone(message)] });
      });
      return undefined;
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
    var fail = function (message) {
      if (typeof reject === 'function') reject(message);
    };
    if (shutDown) return fail('Messenger was cleared; it is shut down until the page reloads.');
    if (rejected.indexOf(commandName) !== -1) return fail(commandName + ' rejected by the emulator (reject=' + commandName + ')');
    var handler = commands[commandName];
    if (!handler) {
      // Journey, Launcher and the rest are accepted and do nothing here.
      if (typeof resolve === 'function') resolve(undefined);
      return;
    }
    try {
      var result = handler(options);
      if (typeof resolve === 'function') resolve(result);
    } catch (error) {
      fail(error && error.message ? error.message : String(error));
    }
  }

  // ---- the launcher and chat window ----
  var ui = (function () {
    var host;
    var root;
    var open = false;
    var sheet;
    function styles() {
      if (sheet) return sheet;
      sheet = new CSSStyleSheet();
      sheet.replaceSync(
        ':host{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:#1d1d1f}' +
          'button{font:inherit;font-weight:600;cursor:pointer;border-radius:6px;border:1px solid #ff4f1f;background:#ff4f1f;color:#fff;padding:.5rem .9rem}' +
          'button:focus-visible,input:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}' +
          '.window{width:20rem;margin-bottom:.5rem;background:#fff;border:1px solid #c9ccd1;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.15);display:grid;grid-template-rows:auto 1fr auto;max-height:24rem}' +
          '.window[hidden]{display:none}.head{padding:.5rem .75rem;background:#2c2c30;color:#fff;border-radius:8px 8px 0 0;font-weight:600}' +
          'ol{list-style:none;margin:0;padding:.5rem;overflow:auto;min-height:6rem;display:grid;gap:.4rem;align-content:start}' +
          'li{padding:.35rem .6rem;border-radius:8px;max-width:85%}li.Inbound{justify-self:end;background:#e8f0fe}li.Outbound{justify-self:start;background:#f1f1f1}' +
          'form{display:flex;gap:.4rem;padding:.5rem;border-top:1px solid #e1e3e6}input{flex:1;font:inherit;padding:.4rem;border:1px solid #8a8f98;border-radius:6px}' +
          '.launcher{display:block;margin-left:auto}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}',
      );
      return sheet;
    }
    function build() {
      if (host || shutDown) return;
      host = document.createElement('div');
      host.setAttribute('data-genesys-emulator', '');
      root = host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [styles()];
      var win = document.createElement('section');
      win.className = 'window';
      win.hidden = true;
      win.setAttribute('aria-label', 'Messenger (offline emulator)');
      var head = document.createElement('div');
      head.className = 'head';
      head.textContent = 'Messenger · offline emulator';
      var list = document.createElement('ol');
      list.setAttribute('aria-label', 'Conversation');
      list.setAttribute('aria-live', 'polite');
      var form = document.createElement('form');
      var label = document.createElement('label');
      label.className = 'sr';
      label.htmlFor = 'message';
      label.textContent = 'Message';
      var input = document.createElement('input');
      input.id = 'message';
      input.autocomplete = 'off';
      var send = document.createElement('button');
      send.type = 'submit';
      send.textContent = 'Send';
      form.append(label, input, send);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (!input.value.trim()) return;
        run('command', 'MessagingService.sendMessage', { message: input.value });
        input.value = '';
      });
      win.append(head, list, form);
      var launcher = document.createElement('button');
      launcher.className = 'launcher';
      launcher.type = 'button';
      launcher.setAttribute('aria-expanded', 'false');
      launcher.textContent = 'Chat';
      launcher.addEventListener('click', function () {
        setOpen(!open);
      });
      root.append(win, launcher);
      document.body.appendChild(host);
    }
    function setOpen(value) {
      build();
      if (!root) return;
      open = value;
      root.querySelector('.window').hidden = !open;
      root.querySelector('.launcher').setAttribute('aria-expanded', String(open));
      root.querySelector('.launcher').textContent = open ? 'Close chat' : 'Chat';
      publish(open ? 'Messenger.opened' : 'Messenger.closed', {});
      if (open) root.querySelector('input').focus();
    }
    function render() {
      if (!root) return;
      var list = root.querySelector('ol');
      list.replaceChildren.apply(
        list,
        transcript.map(function (message) {
          var item = document.createElement('li');
          item.className = message.direction;
          item.textContent = message.text;
          return item;
        }),
      );
    }
    return {
      build: build,
      open: setOpen,
      render: render,
      remove: function () {
        if (host) host.remove();
        host = root = undefined;
      },
    };
  })();

  // ---- start: replace window.Genesys, replay the queue, publish ready ----
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
    if (document.body) ui.build();
    else document.addEventListener('DOMContentLoaded', ui.build);
    if (params.get('ready') === 'never') return;
    publish('Messenger.ready', {});
    publish('MessagingService.ready', {});
    publish('Conversations.ready', {});
    publish('Journey.ready', {});
    publish('Launcher.ready', {});
    var databaseReady = function () {
      publish('Database.ready', {});
    };
    var delay = Number(params.get('database-delay') || 0);
    if (delay > 0) setTimeout(databaseReady, delay);
    else databaseReady();
  });
})();
