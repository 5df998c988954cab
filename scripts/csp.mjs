// The Content-Security-Policy a page needs for the three elements and the real Messenger in one
// Genesys environment, and the tag that preloads Messenger's script:
//   npm run -s csp -- prod-euw1 [--bundle-origin https://cdn.example.com]
// Built from the contract (src/genesys/contract.js), as the demo's own policy is; what GENESYS.md
// documents and what is inferred is said in the output.
import { fileURLToPath } from 'node:url';
import { ENVIRONMENTS, bootstrapScriptUrl, genesysOrigins } from '../src/genesys/contract.js';
import { TRUSTED_TYPES_POLICIES } from '../src/internal/policies.js';

/**
 * The directives, in order, as [name, sources] pairs, for `environment` (a documented code).
 * `bundleOrigin`: where the page loads gc-lab.js from, when not from itself.
 */
export function pagePolicy(environment, { bundleOrigin } = {}) {
  if (!Object.hasOwn(ENVIRONMENTS, environment)) throw new Error(`unknown environment "${environment}"`);
  if (bundleOrigin !== undefined && !/^https:\/\/[^/]/.test(bundleOrigin)) {
    throw new Error(`--bundle-origin must be an https: URL, not "${bundleOrigin}"`);
  }
  const genesys = genesysOrigins(ENVIRONMENTS[environment]);
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...(bundleOrigin ? [new URL(bundleOrigin).origin] : []), ...genesys.script]],
    ['connect-src', ["'self'", ...genesys.connect]],
    ['frame-src', genesys.frame],
    ['img-src', ["'self'", ...genesys.img]],
    // The elements style themselves with constructable stylesheets, which style-src does not govern.
    ['style-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
}

/** The whole text `npm run csp` prints. */
export function describePolicy(environment, options = {}) {
  const policy = pagePolicy(environment, options);
  const header = policy.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
  return [
    `# ${environment} (${ENVIRONMENTS[environment]})`,
    `Content-Security-Policy: ${header}`,
    '',
    '# script-src and connect-src are what GENESYS.md documents (the bootstrap script; the',
    '# deployment config, the API and the socket). frame-src and img-src are inferred: GENESYS.md',
    '# says Messenger keeps its storage in its own Genesys Cloud iframe without naming the origin,',
    '# and nothing of images or styles. Check the browser console for securitypolicyviolation',
    "# reports on your deployment, and Genesys's documentation for the rest.",
    '#',
    "# Trusted Types: add  require-trusted-types-for 'script'; trusted-types " + TRUSTED_TYPES_POLICIES.join(' '),
    "# Nonce-only script-src ('nonce-…' 'strict-dynamic'): put the nonce on <gc-messenger nonce=\"…\">",
    '# too; the messenger gives it to the script it injects.',
    '',
    "# Start Messenger's script with the page instead of after gc-lab.js (no crossorigin attribute:",
    '# it must match the script the messenger injects; add nonce="…" with a nonce-only policy):',
    `<link rel="preload" as="script" href="${bootstrapScriptUrl(ENVIRONMENTS[environment])}">`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [environment, flag, value] = process.argv.slice(2);
  if (!environment || !Object.hasOwn(ENVIRONMENTS, environment) || (flag && (flag !== '--bundle-origin' || !value))) {
    console.error('Usage: npm run -s csp -- <environment> [--bundle-origin https://cdn.example.com]');
    console.error(`Environments: ${Object.keys(ENVIRONMENTS).join(', ')}`);
    process.exit(2);
  }
  try {
    console.log(describePolicy(environment, { bundleOrigin: value }));
  } catch (error) {
    console.error(`csp: ${error.message}`);
    process.exit(2);
  }
}
