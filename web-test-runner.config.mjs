import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './scripts/chromium-path.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { RUNTIME_PATH } from './server/index.mjs';
import { guestServiceForTests } from './server/wtr-plugin.mjs';

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

const guestService = guestServiceForTests();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter()],
  // Lit's development build warns once per page that it is one; that is expected here.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
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
