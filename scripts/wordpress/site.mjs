// A throwaway WordPress for tests, from Debian's packages: the code of /usr/share/wordpress
// copied into a temp docroot with its own wp-config.php and wp-content, a MariaDB of its own
// (temp datadir, a socket, no TCP), and `php -S` on a free loopback port. Nothing outside the
// temp folder is touched; stop() ends both servers by their PIDs and removes the folder.
//
//   import { startSite } from './scripts/wordpress/site.mjs';
//   const site = await startSite();      // installed, admin / the password in site.admin
//   await site.tool('create-user', { login: 'ann', password: '…', role: 'author' });
//   await site.stop();
//
// `node scripts/wordpress/site.mjs` starts one for a person and stops it on Ctrl-C.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WORDPRESS_SOURCE = process.env.WORDPRESS_SOURCE ?? '/usr/share/wordpress';
export const INSTALL_HINT =
  'apt-get install -y wordpress mariadb-server php-cli php-mysql (Debian 12; .ci/run installs them)';
const TOOL = fileURLToPath(new URL('wp-tool.php', import.meta.url));

/** An executable on PATH or in the sbin folders (mariadbd lives in /usr/sbin). */
function find(name) {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** What is missing to run WordPress here: [] when nothing is. */
export async function missingPieces() {
  const missing = [];
  const php = find('php');
  if (!php) missing.push('php (php-cli)');
  else {
    const { stdout } = await run(php, ['-m'], { timeout: 20_000 }).catch(() => ({ stdout: '' }));
    if (!/^mysqli$/m.test(stdout)) missing.push('PHP mysqli (php-mysql)');
  }
  if (!find('mariadbd') && !find('mysqld')) missing.push('mariadbd (mariadb-server)');
  if (!find('mariadb-install-db') && !find('mysql_install_db')) missing.push('mariadb-install-db (mariadb-server)');
  if (!existsSync(join(WORDPRESS_SOURCE, 'wp-settings.php'))) missing.push(`${WORDPRESS_SOURCE} (wordpress)`);
  return missing;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends a child by its PID (its process group when it leads one) and waits, SIGKILL after `ms`. */
async function end(child, { group = false, ms = 10_000 } = {}) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    try {
      process.kill(group ? -child.pid : child.pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = sleep(ms).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

/**
 * Starts an installed WordPress. Options: `files` ({ 'name.js': '/path' }: copied into the
 * docroot), `log` (a function for progress lines).
 */
export async function startSite({ files = {}, log = () => {} } = {}) {
  const missing = await missingPieces();
  if (missing.length) throw new Error(`WordPress cannot run here, missing ${missing.join(', ')}: ${INSTALL_HINT}`);

  const tmp = mkdtempSync(join(tmpdir(), 'gc-wp-'));
  const docroot = join(tmp, 'www');
  const datadir = join(tmp, 'db');
  const socket = join(tmp, 'mysqld.sock');
  const debugLog = join(tmp, 'debug.log');
  const isRoot = process.getuid?.() === 0;
  let mariadb;
  let php;
  const killAll = () => {
    for (const [child, group] of [[php, true], [mariadb, false]]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(group ? -child.pid : child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  };
  process.once('exit', killAll);

  const site = {
    tmp,
    docroot,
    debugLog,
    url: '',
    admin: { login: 'admin', password: randomBytes(12).toString('hex') },
    /** Runs a wp-tool.php command; resolves to its JSON answer, rejects with its error. */
    async tool(command, args = {}) {
      try {
        const { stdout } = await run(find('php'), [TOOL, docroot, command, JSON.stringify(args)], {
          timeout: 60_000,
          maxBuffer: 1 << 24,
        });
        return JSON.parse(stdout.trim().split('\n').pop());
      } catch (error) {
        const answer = (error.stdout ?? '').trim().split('\n').pop();
        throw new Error(`wp-tool ${command} failed: ${answer || error.stderr || error.message}`);
      }
    },
    async stop({ keep = false } = {}) {
      await end(php, { group: true, ms: 5_000 });
      await end(mariadb, { ms: 20_000 });
      process.removeListener('exit', killAll);
      if (!keep) rmSync(tmp, { recursive: true, force: true });
    },
  };

  try {
    // The code: everything but Debian's wp-config.php (it reads /etc/wordpress) and wp-content.
    log(`copying WordPress into ${docroot}`);
    mkdirSync(docroot);
    for (const entry of readdirSync(WORDPRESS_SOURCE)) {
      if (['wp-config.php', 'wp-content', '.htaccess'].includes(entry)) continue;
      cpSync(join(WORDPRESS_SOURCE, entry), join(docroot, entry), { recursive: true });
    }
    for (const dir of ['plugins', 'uploads', 'themes']) mkdirSync(join(docroot, 'wp-content', dir), { recursive: true });
    const themes = join(WORDPRESS_SOURCE, 'wp-content', 'themes');
    for (const theme of readdirSync(themes)) {
      cpSync(join(themes, theme), join(docroot, 'wp-content', 'themes', theme), { recursive: true, dereference: true });
    }
    for (const [name, from] of Object.entries(files)) cpSync(from, join(docroot, name));
    // Offline: no update checks or remote patterns (the network is closed; they would log warnings).
    mkdirSync(join(docroot, 'wp-content', 'mu-plugins'));
    writeFileSync(
      join(docroot, 'wp-content', 'mu-plugins', 'offline.php'),
      `<?php
// A throwaway test site (scripts/wordpress/site.mjs) has no network: no update checks, no remote patterns.
foreach ( array( '_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes' ) as $offline_check ) {
	remove_action( 'admin_init', $offline_check );
}
add_filter( 'should_load_remote_block_patterns', '__return_false' );
add_filter( 'pre_http_request', function ( $answer, $args, $url ) {
	return wp_parse_url( $url, PHP_URL_HOST ) === '127.0.0.1' ? $answer : new WP_Error( 'offline', 'This test site is offline.' );
}, 10, 3 );
`,
    );

    // The database: its own datadir and socket, no TCP.
    log('initialising MariaDB');
    const installDb = find('mariadb-install-db') ?? find('mysql_install_db');
    await run(
      installDb,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(isRoot ? ['--user=root'] : []),
      ],
      { timeout: 120_000, maxBuffer: 1 << 24 },
    ).catch((error) => {
      throw new Error(`mariadb-install-db failed: ${error.stderr || error.message}`);
    });
    const dbLog = openSync(join(tmp, 'mariadb.log'), 'a');
    mariadb = spawn(
      find('mariadbd') ?? find('mysqld'),
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--socket=${socket}`,
        `--pid-file=${join(tmp, 'mysqld.pid')}`,
        '--skip-networking',
        `--log-error=${join(tmp, 'mariadb.err')}`,
        '--innodb-buffer-pool-size=64M',
        ...(isRoot ? ['--user=root'] : []),
      ],
      { stdio: ['ignore', dbLog, dbLog] },
    );

    const port = await freePort();
    site.url = `http://127.0.0.1:${port}`;
    const key = () => randomBytes(32).toString('hex');
    writeFileSync(
      join(docroot, 'wp-config.php'),
      `<?php
// A throwaway site for gc-lab's tests (scripts/wordpress/site.mjs).
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:${socket}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
${['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']
  .map((name) => `define( '${name}', '${key()}' );`)
  .join('\n')}
$table_prefix = 'wp_';
define( 'WP_HOME', '${site.url}' );
define( 'WP_SITEURL', '${site.url}' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '${debugLog}' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'FS_METHOD', 'direct' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`,
    );

    log('waiting for MariaDB');
    const exitedEarly = new Promise((resolve) => mariadb.once('exit', (code) => resolve(`MariaDB exited (${code}): see ${tmp}/mariadb.err`)));
    const ready = site.tool('wait-db', { seconds: 30 });
    const first = await Promise.race([ready, exitedEarly]);
    if (typeof first === 'string') throw new Error(first);

    log('installing WordPress');
    await site.tool('install', {
      title: 'gc-lab test site',
      user: site.admin.login,
      password: site.admin.password,
      email: 'admin@example.test',
    });

    log(`starting php -S on ${site.url}`);
    const phpLog = openSync(join(tmp, 'php.log'), 'a');
    php = spawn(find('php'), ['-S', `127.0.0.1:${port}`, '-t', docroot], {
      cwd: docroot,
      detached: true, // its own process group: its workers end with it
      stdio: ['ignore', phpLog, phpLog],
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (php.exitCode !== null) throw new Error(`php -S exited (${php.exitCode}): see ${tmp}/php.log`);
      const answered = await fetch(`${site.url}/wp-login.php`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) break;
      if (Date.now() > deadline) throw new Error(`php -S did not answer on ${site.url} in 20 s`);
      await sleep(200);
    }
    return site;
  } catch (error) {
    await site.stop({ keep: true });
    error.message += ` (kept ${tmp} for a look)`;
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const site = await startSite({ log: (line) => console.log(`… ${line}`) });
  console.log(`WordPress at ${site.url}/wp-admin/ — ${site.admin.login} / ${site.admin.password}`);
  console.log(`Plugins go in ${site.docroot}/wp-content/plugins/. Ctrl-C stops it and removes ${site.tmp}.`);
  const stop = async () => {
    await site.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
