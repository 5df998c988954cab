import { randomBytes } from 'node:crypto';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './scripts/chromium-path.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { RUNTIME_PATH } from './server/index.mjs';
import { TRUSTED_TYPES_POLICIES, TRUSTED_TYPES_POLICY } from './src/internal/policies.js';
import { guestServiceForTests } from './server/wtr-plugin.mjs';
import { buildReactFixtures } from './test/frameworks/react/build.mjs';

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

const guestService = guestServiceForTests();

const EXPECTED_BROWSER_LOGS = ['Lit is in dev mode', 'Messenger already runs on this page from another messenger element'];

// The React fixtures are bundled by esbuild before the tests (they need dist/gc-lab.js).
await buildReactFixtures();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter()],
  // Expected, so not printed (a "Browser logs" block reads like a failure): Lit's development
  // build says once per page that it is one, and the duplicate-messenger test's second element
  // warns as documented (the test checks what it shows).
  filterBrowserLogs: ({ args }) => !EXPECTED_BROWSER_LOGS.some((words) => String(args[0]).includes(words)),
  // Each test file runs in a fresh page: one <gc-messenger> per page is the rule.
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), guestService.plugin],
  browsers: [chromeLauncher({ launchOptions: { executablePath, args: CHROMIUM_ARGS } })],
  middleware: [
    guestService.middleware,
    // The runtime's public path, served from its build as `npm start` serves it.
    function runtime(context, next) {
      if (context.path.startsWith(RUNTIME_PATH)) context.url = `/dist/emulator/${context.path.slice('/emulator/'.length)}`;
      return next();
    },
    // Pages under a stricter policy, built here so that the nonce is in both the header and
    // the markup: nonce-only script-src (with 'strict-dynamic' or not), and Trusted Types (allowing
    // our policy, or not).
    function policyPage(context, next) {
      if (context.path !== '/test/fixtures/policy-page') return next();
      const nonce = randomBytes(16).toString('base64');
      const base = "default-src 'self'; style-src 'self'; connect-src 'self' ws:; object-src 'none'; base-uri 'none'";
      const policies = {
        nonce: `${base}; script-src 'nonce-${nonce}'`,
        'strict-dynamic': `${base}; script-src 'nonce-${nonce}' 'strict-dynamic'`,
        'trusted-types': `${base}; script-src 'self'; require-trusted-types-for 'script'; trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
        'trusted-types-refused': `${base}; script-src 'self'; require-trusted-types-for 'script'; trusted-types ${TRUSTED_TYPES_POLICIES.filter((p) => p !== TRUSTED_TYPES_POLICY).join(' ')}`,
      };
      const policy = policies[context.query.policy];
      if (!policy) return next();
      // The markup is the test's own; it goes in as it is, as a CMS page's would.
      const markup = String(context.query.html ?? '').replaceAll('NONCE', nonce);
      context.set('Content-Security-Policy', policy);
      context.type = 'html';
      context.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>policy page</title>
<script src="/test/fixtures/watch.js" nonce="${nonce}"></script>
<script type="module" src="/dist/gc-lab.js" nonce="${nonce}"></script></head>
<body><main id="root">${markup}</main></body></html>`;
      return undefined;
    },
    // The test page with `csp=strict`: the strict policy a careful CMS would send.
    function strictCsp(context, next) {
      if (context.path === '/test/fixtures/lab.html' && context.query.csp === 'strict') {
        context.set(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws:; object-src 'none'; base-uri 'none'",
        );
      }
      return next();
    },
  ],
};
