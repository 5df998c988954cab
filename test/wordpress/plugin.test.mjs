// The WordPress plugin on a real WordPress (Debian's 6.1, PHP 8.2, MariaDB), as authors use
// it: posts saved through WordPress's own save path (the REST API the block editor uses, with
// an application password, so kses applies as in the editor), then the pages in Chromium.
// The site is a throwaway one (scripts/wordpress/site.mjs), stopped even when a test fails.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchBrowser, setAttributes } from '../../scripts/demo-driver.mjs';
import { INSTALL_HINT, missingPieces, startSite } from '../../scripts/wordpress/site.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const PLUGIN_DIR = join(root, 'dist', 'wordpress', 'gc-lab');
const ZIP = join(root, 'dist', 'gc-lab-wordpress.zip');
const RUNTIME = join(root, 'dist', 'emulator', 'genesys-runtime.js');
const SHIM = fileURLToPath(new URL('fixtures/script-modules-shim.php', import.meta.url));
const PLUGIN = 'gc-lab/gc-lab.php';
/** The bundle's folder in the plugin (bundle/<version>-<hash>, scripts/build-wordpress.mjs). */
const BUNDLE_FOLDER = existsSync(join(PLUGIN_DIR, 'bundle')) ? `bundle/${readdirSync(join(PLUGIN_DIR, 'bundle'))[0]}` : 'bundle/(not built)';
const DEPLOYMENT = '5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f';
const TAGS = ['gc-messenger', 'gc-database-plugin', 'gc-session-controls'];
/** The elements gc-lab.js loads from chunks beside it, only where their tags are. */
const LAZY_TAGS = ['gc-commands', 'gc-login-form'];
const ALL_TAGS = ['gc-messenger', 'gc-database-plugin', 'gc-commands', 'gc-login-form', 'gc-session-controls'];
/** Also loaded from a chunk beside gc-lab.js; in the shortcode and the block only on request (`event-log`). */
const EVENT_LOG = 'gc-event-log';
const SCREENSHOTS = process.env.GC_LAB_WP_SCREENSHOTS; // a folder, to look at the pages

/** Fails with one line (no stack): what to do about it. */
function oneLine(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/** The three tags with every documented attribute, and what kses must drop. */
const LAB_HTML = [
  '<!-- wp:html -->',
  `<gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}" debug bootstrap-src="/genesys-runtime.js" ready-timeout="3000" nonce="n0nce" id="lab-messenger" class="lab" onclick="alert(1)" style="color:red" data-x="1" foo="bar"></gc-messenger>`,
  `<gc-database-plugin persist value='{"customer":"ann"}' id="lab-db" class="lab" onmouseover="alert(2)" aria-label="x"></gc-database-plugin>`,
  '<gc-session-controls home-url="/?p=1" id="lab-controls" class="lab" ONFOCUS="alert(3)"></gc-session-controls>',
  '<script>alert(1)</script><script type="module" src="/evil.js"></script>',
  '<!-- /wp:html -->',
].join('\n');

/** What kses must keep of LAB_HTML: [tag, attribute as written]. */
const KEPT = [
  ['gc-messenger', 'environment="prod-euw1"'],
  ['gc-messenger', `deployment-id="${DEPLOYMENT}"`],
  ['gc-messenger', 'debug'],
  ['gc-messenger', 'bootstrap-src="/genesys-runtime.js"'],
  ['gc-messenger', 'ready-timeout="3000"'],
  ['gc-messenger', 'nonce="n0nce"'],
  ['gc-messenger', 'id="lab-messenger"'],
  ['gc-messenger', 'class="lab"'],
  ['gc-database-plugin', 'persist'],
  ['gc-database-plugin', `value='{"customer":"ann"}'`],
  ['gc-database-plugin', 'id="lab-db"'],
  ['gc-database-plugin', 'class="lab"'],
  ['gc-session-controls', 'home-url="/?p=1"'],
  ['gc-session-controls', 'id="lab-controls"'],
  ['gc-session-controls', 'class="lab"'],
];

/** The two lazily loaded elements alone (no messenger on the page), and what kses must drop. */
const NEW_HTML = [
  '<!-- wp:html -->',
  '<gc-commands product-code="SKU-1" product-name="Desk lamp" product-price="9.5" product-has-batteries record-event-name="lamp_viewed" id="lab-commands" class="lab" onclick="alert(4)" style="color:red" data-x="1" foo="bar"></gc-commands>',
  '<gc-login-form id="lab-login" class="lab" onsubmit="alert(5)" action="/steal" ONMOUSEOVER="alert(6)" aria-label="x"></gc-login-form>',
  '<script>alert(1)</script>',
  '<!-- /wp:html -->',
].join('\n');

/** What kses must keep of NEW_HTML. */
const NEW_KEPT = [
  ['gc-commands', 'product-code="SKU-1"'],
  ['gc-commands', 'product-name="Desk lamp"'],
  ['gc-commands', 'product-price="9.5"'],
  ['gc-commands', 'product-has-batteries'],
  ['gc-commands', 'record-event-name="lamp_viewed"'],
  ['gc-commands', 'id="lab-commands"'],
  ['gc-commands', 'class="lab"'],
  ['gc-login-form', 'id="lab-login"'],
  ['gc-login-form', 'class="lab"'],
];

/** <gc-event-log> alone (no other element on the page), and what kses must drop. */
const EVENT_LOG_HTML = [
  '<!-- wp:html -->',
  '<gc-event-log max-entries="50" filter="Database" id="lab-log" class="lab" onclick="alert(7)" ONFOCUS="alert(8)" style="color:red" data-x="1" foo="bar" aria-label="x" src="/evil.js"></gc-event-log>',
  '<script>alert(1)</script>',
  '<!-- /wp:html -->',
].join('\n');

/** What kses must keep of EVENT_LOG_HTML, in order: nothing else. */
const EVENT_LOG_KEPT = ['max-entries="50"', 'filter="Database"', 'id="lab-log"', 'class="lab"'];

/** Whether an opening tag has an attribute, as written. */
const hasAttribute = (opening, attribute) => new RegExp(`\\s${attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|>)`).test(opening);

/** URLs that are not http(s), scripts from another origin (SITE: the site's own), and `hidden`. */
const URLS_HTML = [
  '<!-- wp:html -->',
  '<gc-messenger hidden bootstrap-src="javascript:alert(1)"></gc-messenger>',
  '<gc-messenger bootstrap-src="ftp://example.test/genesys.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="jav&#x61;script&#58;alert(1)"></gc-messenger>',
  '<gc-messenger bootstrap-src="https://example.test/genesys.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="//example.test/genesys.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="&#47;&#47;example.test/genesys.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="SITE/genesys-runtime.js"></gc-messenger>',
  '<gc-messenger BOOTSTRAP-SRC="https://example.test/genesys.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="SITE/genesys-runtime.js" Bootstrap-Src="https://example.test/genesys.js"></gc-messenger>',
  // On the site, but an Author's upload (browsers run a .txt as a script) or a PHP endpoint.
  '<gc-messenger bootstrap-src="/wp-content/uploads/2026/11/notes.txt"></gc-messenger>',
  '<gc-messenger bootstrap-src="/index.php/x.js"></gc-messenger>',
  // No such file: WordPress's index.php answers, and may redirect to an Author's upload.
  '<gc-messenger bootstrap-src="/missing.js"></gc-messenger>',
  '<gc-messenger bootstrap-src="/?rest_route=/wp/v2/posts&amp;_jsonp=alert"></gc-messenger>',
  // Tags as kses reads them, though not as a simple pattern would: a space after `<`, a quote after the name.
  '< gc-messenger bootstrap-src="https://example.test/a.js"></gc-messenger>',
  '<gc-messenger"x" bootstrap-src="//example.test/b.js"></gc-messenger>',
  '<gc-session-controls hidden home-url="data:text/html,hi"></gc-session-controls>',
  '<gc-session-controls home-url="mailto:a@example.test"></gc-session-controls>',
  '<gc-database-plugin hidden></gc-database-plugin>',
  '<gc-commands hidden></gc-commands><gc-login-form hidden></gc-login-form>',
  '<gc-event-log hidden></gc-event-log>',
  '<!-- /wp:html -->',
].join('\n');

const SHORTCODE =
  `[gc_lab environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="/genesys-runtime.js" ready-timeout="3000" ` +
  `persist value='{"note":"a & b","q":"x"}' home-url="javascript:alert(1)" debug="nope" onclick="alert(1)" bogus="1" nonce="bad nonce!" ` +
  `product-code="SKU-1" product_name="Lamp & shade" product-price="1e3" product-has-batteries="nope" record-event-name="Test Event" ` +
  `event-log max-entries="5" filter="Database"]`;
const SHORTCODE_HTML = `<!-- wp:shortcode -->\n${SHORTCODE}\n<!-- /wp:shortcode -->`;

/** The opening tags of `tag` in some HTML. */
const openingTags = (html, tag) => html.match(new RegExp(`<${tag}\\b[^>]*>`, 'gi')) ?? [];

let site;
let browser;
let failed = false;
let logBefore = '';

const readLog = () => (existsSync(site.debugLog) ? readFileSync(site.debugLog, 'utf8') : '');
/** The log's entries without their dates. */
const entries = (log) => log.split('\n').filter(Boolean).map((line) => line.replace(/^\[[^\]]+\] /, ''));
const users = {};

/** Saves a published post as `user` through the REST API; resolves to it (context=edit). */
async function savePost(user, title, content) {
  const { login, application_password: password } = users[user];
  const response = await fetch(`${site.url}/?rest_route=/wp/v2/posts`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ title, content, status: 'publish' }),
    signal: AbortSignal.timeout(30_000),
  });
  const post = await response.json();
  assert.equal(response.status, 201, `${user} could not save "${title}": ${JSON.stringify(post)}`);
  return post;
}

/**
 * Opens a URL in a fresh page; resolves to the page, the problems it reported (uncaught errors,
 * 4xx/5xx answers) and its console's warnings and errors.
 */
async function open(url) {
  const page = await browser.newPage();
  const problems = [];
  const warnings = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (!['warn', 'warning', 'error'].includes(message.type())) return;
    const where = message.location()?.url ?? '';
    // Not the page's problems: `php -S` has no favicon, and this machine is offline (the admin
    // bar of a logged-in user shows a Gravatar). The site's own 4xx are in `problems`.
    if (/^Failed to load resource/.test(message.text()) && (/\/favicon\.ico$/.test(where) || !where.startsWith(`${site.url}/`))) return;
    warnings.push(`${message.type()}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  return { page, problems, warnings };
}

/** The bundle's URL on the site: no query (the chunks import "./gc-lab.js" by that URL). */
const bundleUrl = (file = 'gc-lab.js') => `${site.url}/wp-content/plugins/gc-lab/${BUNDLE_FOLDER}/${file}`;

/**
 * The bundle as the page got it: its script elements (any `gc-lab.js`, with a query or not), how
 * often it was fetched (a second URL would be a second copy), the chunks fetched, what is defined.
 */
const bundleOnPage = (page) =>
  page.evaluate(
    (tags) => ({
      scripts: [...document.querySelectorAll('script[src*="/gc-lab.js"]')].map((s) => ({ type: s.type, src: s.getAttribute('src') })),
      fetched: performance.getEntriesByType('resource').filter((e) => e.name.includes('/gc-lab.js')).length,
      chunks: performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((name) => /\/gc-lab-[^/]*\.js/.test(name)),
      defined: tags.filter((tag) => customElements.get(tag)),
    }),
    [...ALL_TAGS, EVENT_LOG],
  );

/** Waits for Messenger to leave `unconfigured` and `loading`; resolves to what it says. */
async function waitForMessenger(page) {
  await page
    .waitForFunction(() => !['unconfigured', 'loading', undefined].includes(document.querySelector('gc-messenger')?.state), { timeout: 15_000 })
    .catch(() => {});
  return page.$eval('gc-messenger', (el) => ({
    state: el.state,
    alert: el.shadowRoot.querySelector('[part=error]')?.textContent.trim(),
    debug: el.debug,
    runtime: performance.getEntriesByType('resource').some((e) => e.name.endsWith('/genesys-runtime.js')),
  }));
}

/** Logs `user` in on `page` through WordPress's login form; fails when it does not get in. */
async function logIn(page, user) {
  await page.goto(`${site.url}/wp-login.php`, { waitUntil: 'load', timeout: 30_000 });
  // Filled in one go: the login page's own script can still be setting up the password field.
  await page.evaluate(
    ({ login, password }) => {
      document.querySelector('#user_login').value = login;
      document.querySelector('#user_pass').value = password;
    },
    users[user],
  );
  await Promise.all([page.waitForNavigation({ timeout: 30_000 }), page.click('#wp-submit')]);
  assert.match(page.url(), /\/wp-admin\//, `${user} could not log in: ${page.url()}`);
}

async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// What this machine lacks, in one line (then the one test says it, and nothing else runs).
const missing = await missingPieces();
const unbuilt = [join(PLUGIN_DIR, 'gc-lab.php'), join(PLUGIN_DIR, BUNDLE_FOLDER, 'gc-lab.js'), ZIP, RUNTIME].filter((path) => !existsSync(path));
const cannotRun = missing.length
  ? `WordPress test: missing ${missing.join(', ')}. Install: ${INSTALL_HINT}`
  : unbuilt.length
    ? `WordPress test: ${unbuilt.join(', ')} missing: run \`npm run build\` first.`
    : '';
if (cannotRun) {
  console.error(cannotRun);
  it('WordPress and the built plugin are here', () => {
    throw oneLine(cannotRun);
  });
}

describe('the WordPress plugin on a real WordPress', { timeout: 240_000, skip: !!cannotRun }, () => {
  before(async () => {
    site = await startSite({ files: { 'genesys-runtime.js': RUNTIME } });
    for (const [user, role] of [
      ['author', 'author'],
      ['editor', 'editor'],
    ]) {
      const password = `${user}-${Date.now()}-pw`;
      users[user] = { login: `lab-${user}`, password, ...(await site.tool('create-user', { login: `lab-${user}`, password, role })) };
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await site?.stop({ keep: failed });
    if (failed && site) console.log(`# kept the WordPress site's files and logs in ${site.tmp}`);
  });

  const step = (name, fn) =>
    it(name, { timeout: 90_000 }, async (t) => {
      try {
        await fn(t);
      } catch (error) {
        failed = true;
        throw error;
      }
    });

  step('every PHP file of the plugin and the helpers is `php -l` clean', async () => {
    const php = [
      ...readdirSync(join(root, 'integrations', 'wordpress'), { recursive: true }).map((f) => join(root, 'integrations', 'wordpress', f)),
      ...readdirSync(PLUGIN_DIR, { recursive: true }).map((f) => join(PLUGIN_DIR, f)),
      join(root, 'scripts', 'wordpress', 'wp-tool.php'),
      SHIM,
    ].filter((path) => path.endsWith('.php') && statSync(path).isFile());
    assert.ok(php.length >= 4);
    for (const path of php) {
      const { stdout } = await run('php', ['-l', path], { timeout: 20_000 });
      assert.match(stdout, /No syntax errors detected/, path);
    }
  });

  step('an Author and an Editor exist; only the Editor has unfiltered_html', () => {
    assert.equal(users.author.unfiltered_html, false);
    assert.equal(users.editor.unfiltered_html, true);
  });

  step("without the plugin, kses strips an Author's tags (an Editor's stay: unfiltered_html)", async () => {
    const byAuthor = await savePost('author', 'Author, no plugin', LAB_HTML);
    for (const tag of TAGS) assert.equal(openingTags(byAuthor.content.raw, tag).length, 0, `${tag} survived kses`);
    assert.doesNotMatch(byAuthor.content.raw, /<script/i);

    const byEditor = await savePost('editor', 'Editor, no plugin', LAB_HTML);
    for (const tag of TAGS) assert.equal(openingTags(byEditor.content.raw, tag).length, 1, tag);
    const newByAuthor = await savePost('author', 'Author, new tags, no plugin', NEW_HTML);
    for (const tag of LAZY_TAGS) assert.equal(openingTags(newByAuthor.content.raw, tag).length, 0, `${tag} survived kses`);
    const logByAuthor = await savePost('author', 'Author, event log, no plugin', EVENT_LOG_HTML);
    assert.equal(openingTags(logByAuthor.content.raw, EVENT_LOG).length, 0, `${EVENT_LOG} survived kses`);

    // What WordPress logs by itself (the baseline of the last test): these pages without the plugin.
    for (const url of [byAuthor.link, byEditor.link, `${site.url}/?p=1`]) {
      assert.equal((await fetch(url, { signal: AbortSignal.timeout(30_000) })).status, 200, url);
    }
  });

  step('the plugin installs from dist/gc-lab-wordpress.zip (WordPress unzips it) and activates', async () => {
    logBefore = readLog();
    const { plugins } = await site.tool('install-plugin', { zip: ZIP });
    assert.ok(plugins.includes(PLUGIN), `installed plugins: ${plugins}`);
    // The bundle and its chunks, with their maps, together in the versioned folder.
    const installed = join(site.docroot, 'wp-content', 'plugins', 'gc-lab', BUNDLE_FOLDER);
    const built = readdirSync(join(PLUGIN_DIR, BUNDLE_FOLDER)).sort();
    assert.deepEqual(readdirSync(installed).sort(), built);
    assert.ok(built.includes('gc-lab.js') && built.includes('gc-lab.js.map') && built.some((name) => /^gc-lab-.+\.js$/.test(name)), built.join(', '));
    for (const name of built) assert.ok(readFileSync(join(installed, name)).equals(readFileSync(join(PLUGIN_DIR, BUNDLE_FOLDER, name))), name);
    const { active } = await site.tool('activate', { plugin: PLUGIN });
    assert.ok(active.includes(PLUGIN));
    // Its README has no link into the project's folders, which the zip does not have.
    const readme = readFileSync(join(site.docroot, 'wp-content', 'plugins', 'gc-lab', 'README.md'), 'utf8');
    assert.match(readme, /^# /);
    assert.deepEqual(readme.match(/\]\((?!https?:|#)[^)]*\)/g), null);
  });

  step("with the plugin, an Author's Custom HTML keeps the tags and documented attributes, no script, no on*", async () => {
    const post = await savePost('author', 'Author, lab', LAB_HTML);
    users.author.labPost = post;
    const saved = post.content.raw;
    for (const tag of TAGS) assert.equal(openingTags(saved, tag).length, 1, `${tag} in ${saved}`);
    for (const [tag, attribute] of KEPT) {
      const [opening] = openingTags(saved, tag);
      assert.ok(new RegExp(`\\s${attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|>)`).test(opening), `${tag} lost ${attribute}: ${opening}`);
    }
    assert.doesNotMatch(saved, /<script/i);
    assert.doesNotMatch(saved, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(saved, /\s(style|data-x|foo|aria-label)=/i);
    assert.match(saved, /^<!-- wp:html -->/);
  });

  step("an Author's Custom HTML keeps <gc-commands> and <gc-login-form> with their documented attributes, no script, no on*", async () => {
    const post = await savePost('author', 'Author, commands and login form', NEW_HTML);
    users.author.newPost = post;
    const saved = post.content.raw;
    for (const tag of LAZY_TAGS) assert.equal(openingTags(saved, tag).length, 1, `${tag} in ${saved}`);
    for (const [tag, attribute] of NEW_KEPT) {
      const [opening] = openingTags(saved, tag);
      assert.ok(hasAttribute(opening, attribute), `${tag} lost ${attribute}: ${opening}`);
    }
    assert.doesNotMatch(saved, /<script/i);
    assert.doesNotMatch(saved, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(saved, /\s(style|data-x|foo|aria-label|action)=/i);
    // Exactly the attributes kept, nothing else on either tag.
    const names = (tag) => [...openingTags(saved, tag)[0].matchAll(/\s([a-z-]+)(?==|\s|>)/gi)].map((m) => m[1].toLowerCase());
    assert.deepEqual(names('gc-commands'), ['product-code', 'product-name', 'product-price', 'product-has-batteries', 'record-event-name', 'id', 'class']);
    assert.deepEqual(names('gc-login-form'), ['id', 'class']);
  });

  step("an Author's Custom HTML keeps <gc-event-log max-entries=\"50\" filter=\"Database\">, id and class, and nothing else: no on*, no script", async () => {
    const post = await savePost('author', 'Author, event log', EVENT_LOG_HTML);
    users.author.eventLogPost = post;
    const saved = post.content.raw;
    assert.equal(openingTags(saved, EVENT_LOG).length, 1, saved);
    const [opening] = openingTags(saved, EVENT_LOG);
    for (const attribute of EVENT_LOG_KEPT) assert.ok(hasAttribute(opening, attribute), `${EVENT_LOG} lost ${attribute}: ${opening}`);
    assert.doesNotMatch(saved, /<script/i);
    assert.doesNotMatch(saved, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(saved, /\s(style|data-x|foo|aria-label|src)=/i);
    const names = [...opening.matchAll(/\s([a-z-]+)(?==|\s|>)/gi)].map((m) => m[1].toLowerCase());
    assert.deepEqual(names, ['max-entries', 'filter', 'id', 'class']);
  });

  step('a page with only <gc-event-log> loads the bundle (module, no ?ver=); gc-lab-event-log.js is served from the plugin; in Chromium, that chunk only, defined, no errors', async () => {
    const link = users.author.eventLogPost.link;
    const html = await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text();
    const tags = html.match(/<script\b[^>]*\/gc-lab\.js[^>]*>/gi) ?? [];
    assert.equal(tags.length, 1, tags.join('\n'));
    assert.match(tags[0], /^<script type="module"/);
    assert.ok(tags[0].includes(`src='${bundleUrl()}'`) || tags[0].includes(`src="${bundleUrl()}"`), `${tags[0]} (wanted ${bundleUrl()})`);
    const chunk = await fetch(bundleUrl('gc-lab-event-log.js'), { signal: AbortSignal.timeout(30_000) });
    assert.equal(chunk.status, 200, bundleUrl('gc-lab-event-log.js'));
    assert.match(chunk.headers.get('content-type') ?? '', /javascript/);
    const text = await chunk.text();
    assert.equal(text, readFileSync(join(PLUGIN_DIR, BUNDLE_FOLDER, 'gc-lab-event-log.js'), 'utf8'));
    assert.ok(text.includes('"./gc-lab.js"'), 'gc-lab-event-log.js does not import ./gc-lab.js');
    assert.ok(existsSync(join(PLUGIN_DIR, BUNDLE_FOLDER, 'gc-lab-event-log.js.map')), 'the chunk ships without its map');

    const { page, problems, warnings } = await open(link);
    await page.waitForFunction((tag) => customElements.get(tag), { timeout: 15_000 }, EVENT_LOG);
    const bundle = await bundleOnPage(page);
    assert.deepEqual(bundle.scripts, [{ type: 'module', src: bundleUrl() }]);
    assert.equal(bundle.fetched, 1, 'gc-lab.js was fetched more than once: a second copy');
    // Only where its tag is: this page fetches the event log's chunk, not the Commands' or the form's.
    assert.deepEqual(bundle.chunks, [bundleUrl('gc-lab-event-log.js')]);
    assert.ok(!bundle.defined.includes('gc-commands') && !bundle.defined.includes('gc-login-form'), bundle.defined.join(', '));
    await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot?.querySelector('[part~="filter"]'), { timeout: 10_000 }, EVENT_LOG);
    const rendered = await page.$eval(EVENT_LOG, (el) => ({
      filter: el.shadowRoot.querySelector('[part~="filter"]').value,
      title: el.shadowRoot.querySelector('[part~="title"]').textContent.trim(),
      error: el.shadowRoot.querySelector('[part~="error"]')?.textContent.trim() ?? '',
      loads: el.entries.filter((e) => e.kind === 'load').length,
    }));
    assert.deepEqual(rendered, { filter: 'Database', title: 'Event log', error: '', loads: 1 });
    await screenshot(page, 'event-log');
    assert.deepEqual(problems.filter((p) => !/^404 \S+\/favicon\.ico$/.test(p)), []);
    assert.deepEqual(warnings, []);
    await page.close();
  });

  step('the page loads the bundle by its URL without ?ver=, and its chunks are served from the plugin folder', async () => {
    const html = await (await fetch(users.author.newPost.link, { signal: AbortSignal.timeout(30_000) })).text();
    const tags = html.match(/<script\b[^>]*\/gc-lab\.js[^>]*>/gi) ?? [];
    assert.equal(tags.length, 1, tags.join('\n'));
    assert.match(tags[0], /^<script type="module"/);
    assert.ok(tags[0].includes(`src='${bundleUrl()}'`) || tags[0].includes(`src="${bundleUrl()}"`), `${tags[0]} (wanted ${bundleUrl()})`);
    assert.doesNotMatch(html, /gc-lab\.js\?/);

    // Every chunk the bundle imports, and every chunk those import, by URL from the running site.
    const served = new Set(['gc-lab.js']);
    for (const name of served) {
      const response = await fetch(bundleUrl(name), { signal: AbortSignal.timeout(30_000) });
      assert.equal(response.status, 200, bundleUrl(name));
      assert.match(response.headers.get('content-type') ?? '', /javascript/, name);
      const text = await response.text();
      assert.equal(text, readFileSync(join(PLUGIN_DIR, BUNDLE_FOLDER, name), 'utf8'), name);
      for (const [, chunk] of text.matchAll(/["'`]\.\/(gc-lab-[A-Za-z0-9_-]+\.js)["'`]/g)) served.add(chunk);
      // A chunk imports the bundle back by "./gc-lab.js": the URL the page loads, with no query.
      if (name !== 'gc-lab.js') assert.ok(text.includes('"./gc-lab.js"'), `${name} does not import ./gc-lab.js`);
    }
    for (const chunk of ['gc-lab-commands.js', 'gc-lab-login-form.js', 'gc-lab-event-log.js']) assert.ok(served.has(chunk), `${chunk} is not among ${[...served]}`);
    assert.deepEqual(
      [...served].sort(),
      readdirSync(join(PLUGIN_DIR, BUNDLE_FOLDER)).filter((name) => name.endsWith('.js')).sort(),
      'the plugin ships exactly the files the bundle loads',
    );
  });

  step('a page with only <gc-commands> and <gc-login-form>: in Chromium, one copy of the bundle, the chunks from the plugin, both defined, no errors', async () => {
    const { page, problems, warnings } = await open(users.author.newPost.link);
    await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), { timeout: 15_000 }, LAZY_TAGS);
    const bundle = await bundleOnPage(page);
    assert.deepEqual(bundle.scripts, [{ type: 'module', src: bundleUrl() }]);
    assert.equal(bundle.fetched, 1, 'gc-lab.js was fetched more than once: a second copy');
    assert.ok(bundle.chunks.includes(bundleUrl('gc-lab-commands.js')), bundle.chunks.join('\n'));
    assert.ok(bundle.chunks.includes(bundleUrl('gc-lab-login-form.js')), bundle.chunks.join('\n'));
    assert.deepEqual(bundle.chunks.filter((url) => !url.startsWith(bundleUrl(''))), []);
    const rendered = await page.evaluate(() => {
      const commands = document.querySelector('gc-commands');
      const login = document.querySelector('gc-login-form');
      return {
        buttons: [...commands.shadowRoot.querySelectorAll('button')].map((b) => b.textContent.trim()),
        price: commands.productPrice,
        batteries: commands.productHasBatteries,
        fields: login.shadowRoot.querySelectorAll('input').length,
      };
    });
    assert.deepEqual(rendered.buttons, ['PageView Unix', 'Open Chat', 'Close Chat', 'Add Product', 'Remove Product', 'Journey Record']);
    assert.equal(rendered.price, '9.5');
    assert.equal(rendered.batteries, true);
    assert.ok(rendered.fields >= 3, `the login form has ${rendered.fields} fields`);
    await screenshot(page, 'commands-login');
    assert.deepEqual(problems.filter((p) => !/^404 \S+\/favicon\.ico$/.test(p)), []);
    assert.deepEqual(warnings, []);
    await page.close();
  });

  step("the shortcode and the block render no hostile <gc-commands> attribute (price, event name, code, batteries), whoever wrote them", async () => {
    const long = 'x'.repeat(256);
    // [shortcode attributes, block attributes, the <gc-commands> opening tag expected]
    const cases = [
      ['product-price="9.5"', { productPrice: '9.5' }, '<gc-commands product-price="9.5">'],
      ['product-price="0"', { productPrice: '0' }, '<gc-commands product-price="0">'],
      ['product-price="-1"', { productPrice: '-1' }, '<gc-commands>'],
      ['product-price="Infinity"', { productPrice: 'Infinity' }, '<gc-commands>'],
      ['product-price="NaN"', { productPrice: 'NaN' }, '<gc-commands>'],
      ['product-price="1e999"', { productPrice: '1e999' }, '<gc-commands>'],
      ['product-price="0x10"', { productPrice: '0x10' }, '<gc-commands>'],
      ['product-price="9.5abc"', { productPrice: '9.5abc' }, '<gc-commands>'],
      ['product-price=" "', { productPrice: ' ' }, '<gc-commands>'],
      [`product-price='9.5" onclick="alert(1)'`, { productPrice: '9.5" onclick="alert(1)' }, '<gc-commands>'],
      ['record-event-name="lamp_viewed"', { recordEventName: 'lamp_viewed' }, '<gc-commands record-event-name="lamp_viewed">'],
      ['record-event-name="has space"', { recordEventName: 'has space' }, '<gc-commands>'],
      ['record-event-name="a-b"', { recordEventName: 'a-b' }, '<gc-commands>'],
      [`record-event-name="${'e'.repeat(101)}"`, { recordEventName: 'e'.repeat(101) }, '<gc-commands>'],
      [`product-code="${long.slice(1)}"`, { productCode: long.slice(1) }, `<gc-commands product-code="${long.slice(1)}">`],
      [`product-code="${long}"`, { productCode: long }, '<gc-commands>'],
      [`product-name="${'😀'.repeat(128)}"`, { productName: '😀'.repeat(128) }, '<gc-commands>'],
      ['product-name="Lamp"', { productName: 'Lamp' }, '<gc-commands product-name="Lamp">'],
      ['product-has-batteries', { productHasBatteries: true }, '<gc-commands product-has-batteries>'],
      ['product-has-batteries="maybe"', { productHasBatteries: 'maybe' }, '<gc-commands>'],
      ['product-has-batteries="false"', { productHasBatteries: false }, '<gc-commands>'],
    ];
    const shortcodes = cases.map(([atts]) => `<!-- wp:shortcode -->\n[gc_lab ${atts}]\n<!-- /wp:shortcode -->`).join('\n\n');
    // As WordPress serializes a block's attributes (no `--`, `<`, `>`, `&` or `"` as such).
    const serialize = (attrs) =>
      JSON.stringify(attrs).replace(/--/g, '\\u002d\\u002d').replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\\"/g, '\\u0022');
    const blocks = cases.map(([, attrs]) => `<!-- wp:gc-lab/lab ${serialize(attrs)} /-->`).join('\n\n');
    const expected = cases.map(([, , tag]) => tag);
    for (const user of ['author', 'editor']) {
      for (const [what, content] of [
        ['shortcodes', shortcodes],
        ['blocks', blocks],
      ]) {
        const { link } = await savePost(user, `${user}, hostile commands ${what}`, content);
        const html = await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text();
        const rendered = openingTags(html, 'gc-commands');
        assert.equal(rendered.length, cases.length, `${user}, ${what}: ${rendered.length} <gc-commands>`);
        rendered.forEach((tag, i) => assert.equal(tag, expected[i], `${user}, ${what}: ${cases[i][0]}`));
        assert.equal(openingTags(html, 'gc-login-form').length, cases.length);
        assert.doesNotMatch(html, /<gc-commands[^>]*onclick/i);
      }
    }
  });

  step('the shortcode and the block render <gc-event-log> after the session controls only on request (event-log), with valid max-entries and filter only, whoever wrote them', async () => {
    // [shortcode attributes, block attributes, the <gc-event-log> opening tag expected, or null for none]
    const cases = [
      ['', {}, null],
      ['max-entries="50" filter="Journey"', { maxEntries: '50', filter: 'Journey' }, null],
      ['event-log="false"', { eventLog: false }, null],
      ['event-log="maybe"', { eventLog: 'maybe' }, null],
      ['event-log', { eventLog: true }, '<gc-event-log>'],
      ['event_log="yes"', { eventLog: true }, '<gc-event-log>'],
      ['EVENT-LOG="1"', { eventLog: true }, '<gc-event-log>'],
      ['event-log max-entries="50" filter="Journey"', { eventLog: true, maxEntries: '50', filter: 'Journey' }, '<gc-event-log max-entries="50" filter="Journey">'],
      ['event-log max_entries="10"', { eventLog: true, maxEntries: '10' }, '<gc-event-log max-entries="10">'],
      ['event-log max-entries="1000"', { eventLog: true, maxEntries: '1000' }, '<gc-event-log max-entries="1000">'],
      ['event-log max-entries=" 050 "', { eventLog: true, maxEntries: ' 050 ' }, '<gc-event-log max-entries="50">'],
      ...['9', '0', '1001', '10000', '-50', '+50', '50.5', '50.0', '1e2', '0x20', 'Infinity', 'NaN', ' ', 'abc', '５０', '50px', '50" onclick="alert(1)'].map((value) => [
        `event-log max-entries='${value}'`,
        { eventLog: true, maxEntries: value },
        '<gc-event-log>',
      ]),
      ['event-log filter="all"', { eventLog: true, filter: 'all' }, '<gc-event-log filter="all">'],
      ['event-log filter="page"', { eventLog: true, filter: 'page' }, '<gc-event-log filter="page">'],
      ['event-log filter="MessagingService"', { eventLog: true, filter: 'MessagingService' }, '<gc-event-log filter="MessagingService">'],
      ...['database', 'PAGE', 'Page', 'Database ', 'Commands', 'Database" onclick="alert(1)'].map((value) => [
        `event-log filter='${value}'`,
        { eventLog: true, filter: value },
        value === 'Database ' ? '<gc-event-log filter="Database">' : '<gc-event-log>',
      ]),
      ['event-log onclick="alert(1)" style="color:red" hidden', { eventLog: true, onclick: 'alert(1)' }, '<gc-event-log>'],
    ];
    const shortcodes = cases.map(([atts]) => `<!-- wp:shortcode -->\n[gc_lab ${atts}]\n<!-- /wp:shortcode -->`).join('\n\n');
    // As WordPress serializes a block's attributes (no `--`, `<`, `>`, `&` or `"` as such).
    const serialize = (attrs) =>
      JSON.stringify(attrs).replace(/--/g, '\\u002d\\u002d').replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\\"/g, '\\u0022');
    const blocks = cases.map(([, attrs]) => `<!-- wp:gc-lab/lab ${serialize(attrs)} /-->`).join('\n\n');
    for (const user of ['author', 'editor']) {
      for (const [what, content] of [
        ['shortcodes', shortcodes],
        ['blocks', blocks],
      ]) {
        const { link } = await savePost(user, `${user}, event log ${what}`, content);
        const html = await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text();
        // Each lab's elements: the event log, when there, right after the session controls, last.
        const labs = [...html.matchAll(/<div [^>]*class="(?:[^"]* )?gc-lab(?: [^"]*)?"[^>]*>(<gc-messenger\b.*?)<\/div>/gs)].map((m) => m[1]);
        assert.equal(labs.length, cases.length, `${user}, ${what}: ${labs.length} labs`);
        labs.forEach((lab, i) => {
          const [, rest] = lab.split('<gc-session-controls></gc-session-controls>');
          const expected = cases[i][2] === null ? '' : `${cases[i][2]}</gc-event-log>`;
          assert.equal(rest, expected, `${user}, ${what}: ${cases[i][0]}`);
        });
        assert.equal(openingTags(html, EVENT_LOG).length, cases.filter(([, , tag]) => tag).length);
        assert.doesNotMatch(html, /<gc-event-log[^>]*(onclick|style|hidden)/i);
      }
    }
  });

  step("bootstrap-src and home-url keep http(s) only; an Author's script comes from the site only; hidden is kept", async () => {
    const html = URLS_HTML.replaceAll('SITE', site.url);
    const saved = (await savePost('author', 'Author, URLs', html)).content.raw;
    const messengers = openingTags(saved, 'gc-messenger');
    assert.equal(messengers.length, 15);
    assert.doesNotMatch(saved, /javascript|&#58;|ftp:|data:|mailto:/i);
    // A script from anywhere else would run on every visitor's page: only unfiltered_html may.
    assert.deepEqual(
      messengers.flatMap((tag) => tag.match(/bootstrap-src\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi) ?? []),
      [`bootstrap-src="${site.url}/genesys-runtime.js"`, `bootstrap-src="${site.url}/genesys-runtime.js"`],
    );
    for (const tag of [...TAGS, EVENT_LOG]) assert.match(openingTags(saved, tag)[0], /\shidden(\s|>)/, tag);
    // An Editor (unfiltered_html) may name any https: script.
    const byEditor = (await savePost('editor', 'Editor, URLs', html)).content.raw;
    assert.match(byEditor, /bootstrap-src="https:\/\/example\.test\/genesys\.js"/);
  });

  step("the shortcode's and the block's bootstrap-src from another origin never reach the page, whoever wrote them", async () => {
    const shortcode = (src) =>
      `<!-- wp:shortcode -->\n[gc_lab environment="prod-euw1" deployment-id="${DEPLOYMENT}" ${src}]\n<!-- /wp:shortcode -->`;
    const block = `<!-- wp:gc-lab/lab {"environment":"prod-euw1","deploymentId":"${DEPLOYMENT}","bootstrapSrc":"https://example.test/genesys.js"} /-->`;
    const messengerOf = async (user, content) => {
      const { link } = await savePost(user, `${user}, foreign script`, content);
      return openingTags(await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text(), 'gc-messenger')[0];
    };
    const bare = `<gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}">`;
    // Shortcode text can reach an Editor's page from anyone (a title, an excerpt, a pattern), so
    // the shortcode and the block render the site's own scripts only, for everyone.
    for (const user of ['author', 'editor']) {
      for (const content of [
        shortcode('bootstrap-src="https://example.test/genesys.js"'),
        shortcode('BOOTSTRAP_SRC="https://example.test/genesys.js"'),
        // shortcode_parse_atts() reads \x2f as `/`: this is //example.test/… to WordPress.
        shortcode('bootstrap-src="\\x2f\\x2fexample.test/genesys.js"'),
        block,
      ]) {
        assert.equal(await messengerOf(user, content), bare, `${user}: ${content}`);
      }
    }
    assert.equal(await messengerOf('author', shortcode('bootstrap-src="/genesys-runtime.js"')), `${bare.slice(0, -1)} bootstrap-src="/genesys-runtime.js">`);
    // Another script takes a tag pasted by a user with unfiltered HTML (kses does not filter theirs).
    const pasted = `<!-- wp:html -->\n<gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="https://example.test/genesys.js"></gc-messenger>\n<!-- /wp:html -->`;
    assert.equal(await messengerOf('editor', pasted), `${bare.slice(0, -1)} bootstrap-src="https://example.test/genesys.js">`);
  });

  step("an Author's text on an Editor's page (a title in Latest Posts; escaped markup that Latest Posts decodes) brings no script, for any viewer", async () => {
    await savePost(
      'author',
      `Hi [gc_lab environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="https://example.test/title.js"]`,
      `<!-- wp:paragraph -->\n<p>&lt;gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="https://example.test/decoded.js"&gt;&lt;/gc-messenger&gt;</p>\n<!-- /wp:paragraph -->`,
    );
    const { link } = await savePost(
      'editor',
      'Editor, latest posts',
      '<!-- wp:latest-posts {"displayPostContent":true,"displayPostContentRadio":"full_post"} /-->',
    );
    // An anonymous visitor: the title's shortcode renders, without the script.
    const html = await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text();
    const anonymous = openingTags(html, 'gc-messenger');
    assert.ok(anonymous.length >= 1, 'the title\'s shortcode did not render: the test would prove nothing');
    assert.deepEqual(anonymous.filter((tag) => /example\.test/.test(tag)), []);
    // An Editor viewing it: Latest Posts decodes the paragraph and runs kses for the viewer.
    // (A browser context of its own: the Editor's login must not carry over to later steps.)
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await logIn(page, 'editor');
    await page.goto(link, { waitUntil: 'load', timeout: 30_000 });
    const seen = await page.$$eval('gc-messenger', (all) => all.map((el) => el.outerHTML.replace(/><\/gc-messenger>$/, '>')));
    await context.close();
    assert.ok(seen.length >= 2, `the decoded tag did not render for the Editor (${seen.length}): the test would prove nothing`);
    assert.deepEqual(seen.filter((tag) => /example\.test/.test(tag)), []);
  });

  step('an Author saves the shortcode; it is kept as written', async () => {
    const post = await savePost('author', 'Author, shortcode', SHORTCODE_HTML);
    users.author.shortcodePost = post;
    assert.ok(post.content.raw.includes('[gc_lab environment="prod-euw1"'), post.content.raw);
  });

  step('a page whose messenger is set for the real cloud preloads its script (shortcode, tag, block); the others do not', async () => {
    const post = async (title, content) => (await savePost('author', title, content)).link;
    const configured = {
      // A lab short code, mapped as the messenger maps it.
      'https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js': await post(
        'Author, cloud shortcode',
        `<!-- wp:shortcode -->\n[gc_lab environment="euw1" deployment-id="${DEPLOYMENT}" persist]\n<!-- /wp:shortcode -->`,
      ),
      'https://apps.mypurecloud.com/genesys-bootstrap/genesys.min.js': await post(
        'Author, cloud tag',
        `<!-- wp:html -->\n<gc-messenger environment="prod" deployment-id="${DEPLOYMENT}"></gc-messenger>\n<!-- /wp:html -->`,
      ),
      'https://apps.mypurecloud.de/genesys-bootstrap/genesys.min.js': await post(
        'Author, cloud block',
        `<!-- wp:gc-lab/lab {"environment":"prod-euc1","deploymentId":"${DEPLOYMENT}"} /-->`,
      ),
    };
    const preloads = async (url) => {
      const html = await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
      const head = html.slice(0, html.indexOf('</head>'));
      return [...head.matchAll(/<link rel='preload' ([^>]*?) ?\/>/g)].map((m) => m[1]);
    };
    for (const [script, url] of Object.entries(configured)) {
      assert.deepEqual(await preloads(url), [`href='${script}' as='script'`], url);
    }
    // The form (no environment), the offline emulator (bootstrap-src), an unknown environment,
    // and a nonce (WordPress's preload tags carry none): no preload.
    const not = [
      await post('Author, form', '<!-- wp:shortcode -->\n[gc_lab]\n<!-- /wp:shortcode -->'),
      users.author.shortcodePost.link,
      await post('Author, unknown region', `<!-- wp:shortcode -->\n[gc_lab environment="mars1" deployment-id="${DEPLOYMENT}"]\n<!-- /wp:shortcode -->`),
      await post('Author, nonce', `<!-- wp:shortcode -->\n[gc_lab environment="prod" deployment-id="${DEPLOYMENT}" nonce="abc123"]\n<!-- /wp:shortcode -->`),
    ];
    for (const url of not) assert.deepEqual(await preloads(url), [], url);
  });

  step("the Author's lab page: the bundle once as a module, the elements upgraded, the lab running", async () => {
    const { page, problems } = await open(users.author.labPost.link);
    const bundle = await bundleOnPage(page);
    assert.equal(bundle.scripts.length, 1, JSON.stringify(bundle.scripts));
    assert.equal(bundle.scripts[0].type, 'module');
    // No `?ver=`: the versioned folder busts caches (a query would make the chunks' "./gc-lab.js" a second copy).
    assert.equal(bundle.scripts[0].src, bundleUrl());
    assert.match(BUNDLE_FOLDER, /^bundle\/\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    assert.equal(bundle.fetched, 1);
    await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), { timeout: 10_000 }, TAGS);

    // Messenger loads the emulator's runtime from the site itself (bootstrap-src, same origin)
    // and gets ready; the emulated service behind the chat is a WebSocket, which `php -S`
    // cannot serve, so no message is sent here (see integrations/wordpress/README.md).
    const state = await waitForMessenger(page);
    assert.equal(state.state, 'ready', `Messenger is ${state.state}: ${state.alert}`);
    assert.equal(state.debug, true);
    assert.ok(state.runtime, 'the runtime was not requested');

    // The Database plugin panel renders, with the value from its attribute.
    const panel = await page.$eval('gc-database-plugin', (el) => ({
      textarea: el.shadowRoot.querySelector('textarea')?.value,
      button: !!el.shadowRoot.querySelector('button'),
      persist: el.persist,
    }));
    assert.deepEqual(panel, { textarea: '{"customer":"ann"}', button: true, persist: true });
    await setAttributes(page, '{"customer":"ann","plan":"gold"}');
    assert.ok(await page.$eval('gc-session-controls', (el) => el.shadowRoot.querySelectorAll('button').length >= 2));
    await screenshot(page, 'lab');
    // Not problems: the emulator asks the site for the deployment's configuration (there is
    // none here: it says so and goes on), and `php -S` has no favicon for the browser.
    const expected = /^404 \S+(\/webdeployments\/v1\/deployments\/[^/]+\/config\.json|\/favicon\.ico)$/;
    assert.deepEqual(problems.filter((p) => !expected.test(p)), []);
    await page.close();
  });

  step('the shortcode page: the five elements in the lab\'s order, then the event log it asked for, valid attributes escaped, invalid and unknown ones dropped', async () => {
    const link = users.author.shortcodePost.link;
    const html = await (await fetch(link, { signal: AbortSignal.timeout(30_000) })).text();
    assert.ok(
      html.includes(`<gc-database-plugin persist value="{&quot;note&quot;:&quot;a &amp; b&quot;,&quot;q&quot;:&quot;x&quot;}"></gc-database-plugin>`),
      openingTags(html, 'gc-database-plugin').join('\n'),
    );
    assert.ok(
      html.includes(
        `<gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="/genesys-runtime.js" ready-timeout="3000"></gc-messenger>`,
      ),
      openingTags(html, 'gc-messenger').join('\n'),
    );
    assert.ok(
      html.includes('<gc-session-controls></gc-session-controls><gc-event-log filter="Database"></gc-event-log></div>'),
      html.match(/<div class="gc-lab">.*?<\/div>/s)?.[0],
    );
    assert.ok(
      html.includes('</gc-database-plugin><gc-commands product-code="SKU-1" product-name="Lamp &amp; shade"></gc-commands><gc-login-form></gc-login-form><gc-session-controls>'),
      html.match(/<div class="gc-lab">.*?<\/div>/s)?.[0],
    );

    const { page } = await open(link);
    const bundle = await bundleOnPage(page);
    assert.equal(bundle.scripts.length, 1);
    assert.equal(bundle.fetched, 1);
    await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), { timeout: 15_000 }, [...ALL_TAGS, EVENT_LOG]);
    const rendered = await page.evaluate(() =>
      [...document.querySelector('.gc-lab').children].map((el) => [
        el.localName,
        Object.fromEntries([...el.attributes].filter((a) => a.name !== 'state' && a.name !== 'status').map((a) => [a.name, a.value])),
      ]),
    );
    assert.deepEqual(rendered, [
      ['gc-messenger', { environment: 'prod-euw1', 'deployment-id': DEPLOYMENT, 'bootstrap-src': '/genesys-runtime.js', 'ready-timeout': '3000' }],
      ['gc-database-plugin', { persist: '', value: '{"note":"a & b","q":"x"}' }],
      ['gc-commands', { 'product-code': 'SKU-1', 'product-name': 'Lamp & shade' }],
      ['gc-login-form', {}],
      ['gc-session-controls', {}],
      ['gc-event-log', { filter: 'Database' }],
    ]);
    assert.equal(await page.$eval('gc-database-plugin', (el) => el.shadowRoot.querySelector('textarea').value), '{"note":"a & b","q":"x"}');
    const state = await waitForMessenger(page);
    assert.equal(state.state, 'ready', `Messenger is ${state.state}: ${state.alert}`);
    // The Commands work on the runtime served by the site: Add Product sends the shortcode's product.
    await page.waitForFunction(() => document.querySelector('gc-commands').shadowRoot.querySelector('[part~="add-product-button"]')?.disabled === false, {
      timeout: 15_000,
    });
    const sent = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const commands = document.querySelector('gc-commands');
          commands.addEventListener('gc-command-sent', (event) => resolve({ command: event.command, options: event.options }), { once: true });
          commands.addEventListener('gc-error', (event) => reject(new Error(event.message)), { once: true });
          setTimeout(() => reject(new Error('Add Product: no gc-command-sent in 10 s')), 10_000);
          commands.send('Add Product');
        }),
    );
    assert.deepEqual(sent, {
      command: 'Journey.record',
      options: { eventName: 'product_added', customAttributes: { price: 15.99, code: 'SKU-1', name: 'Lamp & shade', hasBatteries: false } },
    });
    // The event log the shortcode asked for is on the timeline: it recorded the command.
    await page.waitForFunction(() => document.querySelector('gc-event-log').entries.some((e) => e.kind === 'command' && e.name === 'Journey.record'), {
      timeout: 10_000,
    });
    assert.equal(await page.$eval('gc-event-log', (el) => el.shadowRoot.querySelector('[part~="filter"]').value), 'Database');
    await screenshot(page, 'shortcode');
    await page.close();
  });

  step('an Author adds the GC Lab block in the block editor and saves; its page renders the elements', async () => {
    const page = await browser.newPage();
    await logIn(page, 'author');
    await page.goto(`${site.url}/wp-admin/post-new.php`, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(() => window.wp?.blocks?.getBlockType('gc-lab/lab') && window.wp.data.select('core/editor').getCurrentPostId(), {
      timeout: 60_000,
    });
    // As a person would in the sidebar: the block, its settings, a title, Publish.
    const id = await page.evaluate(async (deploymentId) => {
      const { dispatch, select } = window.wp.data;
      const block = window.wp.blocks.createBlock('gc-lab/lab', {
        environment: 'prod-euw1',
        deploymentId,
        bootstrapSrc: '/genesys-runtime.js',
        readyTimeout: '3000',
        persist: true,
        homeUrl: 'javascript:alert(1)',
        productName: 'Lamp',
        productPrice: '-2',
        productHasBatteries: true,
        recordEventName: 'lab event',
        eventLog: true,
        maxEntries: '20',
        filter: 'Journey',
      });
      dispatch('core/block-editor').insertBlocks(block);
      dispatch('core/editor').editPost({ title: 'Author, block', status: 'publish' });
      await dispatch('core/editor').savePost();
      return select('core/editor').getCurrentPostId();
    }, DEPLOYMENT);
    await page.close();

    const saved = await (
      await fetch(`${site.url}/?rest_route=/wp/v2/posts/${id}&context=edit`, {
        headers: { authorization: `Basic ${Buffer.from(`${users.author.login}:${users.author.application_password}`).toString('base64')}` },
        signal: AbortSignal.timeout(30_000),
      })
    ).json();
    assert.equal(saved.status, 'publish', JSON.stringify(saved).slice(0, 300));
    assert.match(saved.content.raw, /^<!-- wp:gc-lab\/lab \{.*"environment":"prod-euw1".*\} \/-->$/);

    const html = await (await fetch(saved.link, { signal: AbortSignal.timeout(30_000) })).text();
    assert.ok(
      html.includes(
        `<gc-messenger environment="prod-euw1" deployment-id="${DEPLOYMENT}" bootstrap-src="/genesys-runtime.js" ready-timeout="3000"></gc-messenger>` +
          '<gc-database-plugin persist></gc-database-plugin><gc-commands product-name="Lamp" product-has-batteries></gc-commands><gc-login-form></gc-login-form>' +
          '<gc-session-controls></gc-session-controls><gc-event-log max-entries="20" filter="Journey"></gc-event-log></div>',
      ),
      html.match(/<div[^>]*gc-lab[^>]*>.*?<\/div>/s)?.[0],
    );
    const view = await open(saved.link);
    const bundle = await bundleOnPage(view.page);
    assert.deepEqual(bundle.scripts, [{ type: 'module', src: bundleUrl() }]);
    await view.page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), { timeout: 15_000 }, [...ALL_TAGS, EVENT_LOG]);
    const state = await waitForMessenger(view.page);
    assert.equal(state.state, 'ready', `Messenger is ${state.state}: ${state.alert}`);
    await screenshot(view.page, 'block');
    await view.page.close();
  });

  step('a page without the elements does not load the bundle', async () => {
    const { page } = await open(`${site.url}/?p=1`);
    assert.match(await page.title(), /Hello world/);
    const bundle = await bundleOnPage(page);
    assert.deepEqual(bundle, { scripts: [], fetched: 0, chunks: [], defined: [] });
    await page.close();
  });

  step('WordPress 6.5+: the bundle goes through the script-modules API instead (6.5 emulated by a shim)', async () => {
    const muPlugins = join(site.docroot, 'wp-content', 'mu-plugins');
    mkdirSync(muPlugins, { recursive: true });
    const shim = join(muPlugins, 'script-modules-shim.php');
    cpSync(SHIM, shim);
    try {
      for (const [link, tags] of [
        [users.author.labPost.link, TAGS],
        [users.author.newPost.link, LAZY_TAGS],
        [users.author.eventLogPost.link, [EVENT_LOG]],
      ]) {
        const { page, problems, warnings } = await open(link);
        const scripts = await page.$$eval('script[src*="/gc-lab.js"]', (all) => all.map((s) => ({ type: s.type, id: s.id, src: s.getAttribute('src') })));
        // No `?ver=` here either: the plugin passes null as the version.
        assert.deepEqual(scripts, [{ type: 'module', id: '@gc-lab/gc-lab-js-module', src: bundleUrl() }]);
        await page.waitForFunction((all) => all.every((tag) => customElements.get(tag)), { timeout: 15_000 }, tags);
        if (tags !== TAGS) {
          assert.equal((await bundleOnPage(page)).fetched, 1);
          assert.deepEqual(problems.filter((p) => !/^404 \S+\/favicon\.ico$/.test(p)), []);
          assert.deepEqual(warnings, []);
        }
        await page.close();
      }
    } finally {
      rmSync(shim);
    }
  });

  step('WordPress logged nothing from the plugin (WP_DEBUG, WP_DEBUG_LOG, PHP 8.2)', () => {
    const log = readLog();
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, 'debug.log'), log);
    }
    assert.ok(log.startsWith(logBefore));
    assert.deepEqual(entries(log).filter((entry) => /gc-lab|gc_lab/i.test(entry)), [], 'entries naming the plugin');
    // WordPress 6.1 itself logs PHP 8.2 deprecations (Requests, a null or two); nothing worse…
    const worse = entries(log).filter((entry) => !entry.startsWith('PHP Deprecated:'));
    assert.deepEqual(worse, [], 'entries other than PHP 8.2 deprecations');
    // …and, with the plugin active, none that the same kind of requests did not log without it.
    const known = new Set(entries(logBefore));
    assert.deepEqual([...new Set(entries(log.slice(logBefore.length)).filter((entry) => !known.has(entry)))], [], 'entries new with the plugin');
  });
});
