import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './scripts/chromium-path.mjs';

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // Each test file runs in a fresh page: one <gc-messenger> per page is the rule.
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, args: CHROMIUM_ARGS } })],
  middleware: [
    // The CSP test page: the strict policy a careful CMS would send.
    function strictCsp(context, next) {
      if (context.path === '/test/fixtures/csp.html') {
        context.set(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws:; object-src 'none'; base-uri 'none'",
        );
      }
      return next();
    },
  ],
};
