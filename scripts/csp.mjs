// What a page's Content-Security-Policy must allow for the three elements and the real Messenger
// in one Genesys environment, and the tag that preloads Messenger's script:
//   npm run -s csp -- <environment> [--bundle-url https://cdn.example.com/path/gc-lab.js]
// (<environment>: a documented code such as prod-euw1, or a lab short code such as euw1:
// docs/messenger-sdk.md#environments).
// Built from the contract (src/genesys/contract.js), as the demo's own policy is; the output says
// what Genesys documents and what is inferred (docs/messenger-sdk.md#inferred-by-this-project).
import { fileURLToPath } from 'node:url';
import { ENVIRONMENTS, bootstrapScriptUrl, genesysOrigins, normalizeEnvironment } from '../src/genesys/contract.js';
import { TRUSTED_TYPES_POLICIES } from '../src/internal/policies.js';

/**
 * The sources Messenger needs, by directive, with where each comes from. `bundleUrl`: where the
 * page loads gc-lab.js from, when not from its own origin (kept whole: a path is narrower than
 * a CDN's origin, which serves every package).
 */
export function messengerSources(environment, { bundleUrl } = {}) {
  const code = normalizeEnvironment(environment);
  if (!code) throw new UsageError(`unknown environment "${environment}"`);
  const bundle = bundleUrl === undefined ? undefined : bundleSource(bundleUrl);
  const genesys = genesysOrigins(ENVIRONMENTS[code]);
  return {
    code,
    directives: [
      ['script-src', [...(bundle ? [bundle] : []), ...genesys.script], `${bundle ? 'gc-lab.js; ' : ''}Genesys's Messenger snippet: the bootstrap script`],
      ['connect-src', genesys.connect, "Genesys's transport SDK (Urls.kt): the deployment config, history, the socket"],
      ['frame-src', genesys.frame, "inferred: Messenger's own iframe (Genesys does not name its origin)"],
      ['img-src', genesys.img, "inferred: Messenger's images"],
    ],
  };
}

/**
 * The bundle's URL as a CSP source: an https: URL to the file itself (a path ending in `/` would
 * allow a whole folder), with no query or fragment (CSP sources have none) and none of the
 * characters that would end the source or the directive.
 */
function bundleSource(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--bundle-url must be an https: URL, not "${text}"`);
  }
  if (url.protocol !== 'https:' || url.username || url.password) {
    throw new UsageError(`--bundle-url must be an https: URL, not "${text}"`);
  }
  if (url.search || url.hash || /[\s;,'"]/.test(text)) {
    throw new UsageError(`--bundle-url takes the file's URL alone: no query, fragment, quotes, ";" or "," ("${text}")`);
  }
  if (url.pathname.endsWith('/')) {
    throw new UsageError(`--bundle-url must name the file (gc-lab.js), not a folder: "${text}"`);
  }
  return `${url.origin}${url.pathname}`;
}

/** A strict policy for a page that has nothing but the elements: a starting point, one header line. */
export function strictPolicy(environment, options = {}) {
  return policyOf(messengerSources(environment, options).directives);
}

/** The strict policy around Messenger's sources (`directives` of messengerSources). */
function policyOf(directives) {
  const sources = Object.fromEntries(directives.map(([name, list]) => [name, list]));
  return [
    "default-src 'self'",
    `script-src 'self' ${sources['script-src'].join(' ')}`,
    `connect-src 'self' ${sources['connect-src'].join(' ')}`,
    `frame-src ${sources['frame-src'].join(' ')}`,
    `img-src 'self' ${sources['img-src'].join(' ')}`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The whole text `npm run csp` prints. */
export function describePolicy(environment, options = {}) {
  const { code, directives } = messengerSources(environment, options);
  const width = Math.max(...directives.map(([, list]) => list.join(' ').length));
  return [
    `# Messenger in ${code} (${ENVIRONMENTS[code]}): add these sources to your page's policy.`,
    ...directives.map(([name, list, why]) => `${name.padEnd(12)} ${list.join(' ').padEnd(width)}   # ${why}`),
    "style-src    (nothing for the elements: they use constructable stylesheets; Genesys documents nothing of Messenger's styles)",
    '',
    '# The inferred sources could not be checked against the real cloud: watch the browser console for',
    "# securitypolicyviolation reports on your deployment, and Genesys's documentation for the rest.",
    '#',
    '# Nonces: put the nonce on the <script type="module"> that loads gc-lab.js (and on the preload',
    "# tag). With 'strict-dynamic' that is all: the script the messenger injects is trusted through the",
    '# bundle. Without it, put the nonce on <gc-messenger nonce="…"> too; it gives it to that script.',
    `# Trusted Types: require-trusted-types-for 'script'; trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
    '',
    '# A strict policy for a page with nothing else on it, as a starting point:',
    `Content-Security-Policy: ${policyOf(directives)}`,
    '',
    "# With environment and deployment-id fixed on the messenger, start Messenger's script with the",
    '# page instead of after gc-lab.js (no crossorigin attribute, so that it matches the script the',
    '# messenger injects; with a nonce policy, add nonce="…"):',
    `<link rel="preload" as="script" href="${bootstrapScriptUrl(ENVIRONMENTS[code])}">`,
  ].join('\n');
}

class UsageError extends Error {}

const USAGE = [
  'Usage: npm run -s csp -- <environment> [--bundle-url https://cdn.example.com/path/gc-lab.js]',
  `Environments: ${Object.keys(ENVIRONMENTS).join(', ')} (or a lab short code: use1, euw1, …)`,
].join('\n');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const [environment, flag, value, ...extra] = args;
  if (!environment || environment.startsWith('-') || extra.length || (flag !== undefined && (flag !== '--bundle-url' || value === undefined))) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    console.log(describePolicy(environment, { bundleUrl: value }));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`csp: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
}
