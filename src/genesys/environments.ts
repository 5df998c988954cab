/**
 * The Genesys Cloud environments Messenger can run in (GENESYS.md §2).
 * The environment code goes into the snippet's config; the domain names the regional CDN.
 */
// The table is part of the one Genesys contract (the Node server builds the demo's CSP from it).
import { ENVIRONMENTS, bootstrapScriptUrl } from './contract.js';
export { ENVIRONMENTS };

export type EnvironmentCode = keyof typeof ENVIRONMENTS;

/**
 * The lab's short codes (use1, euw1, …). The SDK maps them itself, but that mapping is
 * undocumented, so we map them to the documented codes before they reach the snippet: a
 * `prod-` code's suffix (euw1 → prod-euw1), and the two that are not (use1, use2), derived
 * from the one environment table.
 */
const SHORT_CODES: Record<string, EnvironmentCode> = { use1: 'prod', use2: 'fedramp-use2-core' };
for (const code of Object.keys(ENVIRONMENTS) as EnvironmentCode[]) {
  if (code.startsWith('prod-')) SHORT_CODES[code.slice('prod-'.length)] = code;
}

/** The lab page's Region dropdown, in the lab's order, then the rest of the documented table. */
const LAB_ORDER: EnvironmentCode[] = [
  'prod',
  'prod-usw2',
  'prod-euw1',
  'prod-apse2',
  'prod-apne1',
  'prod-euc1',
  'prod-cac1',
  'prod-apne2',
  'prod-euw2',
  'prod-aps1',
  'prod-sae1',
];

export const REGION_OPTIONS: ReadonlyArray<{ code: EnvironmentCode; domain: string }> = [
  ...LAB_ORDER,
  ...(Object.keys(ENVIRONMENTS) as EnvironmentCode[]).filter((c) => !LAB_ORDER.includes(c)),
].map((code) => ({ code, domain: ENVIRONMENTS[code] }));

/** The documented code for `input` (a documented code or a lab short code), or undefined. */
export function normalizeEnvironment(input: string | null | undefined): EnvironmentCode | undefined {
  const code = (input ?? '').trim().toLowerCase();
  // Own properties only: "constructor", "__proto__" or "toString" are not environments.
  if (Object.prototype.hasOwnProperty.call(ENVIRONMENTS, code)) return code as EnvironmentCode;
  return Object.prototype.hasOwnProperty.call(SHORT_CODES, code) ? SHORT_CODES[code] : undefined;
}

/** The official bootstrap script on the environment's regional CDN. */
export function bootstrapUrl(environment: EnvironmentCode): string {
  return bootstrapScriptUrl(ENVIRONMENTS[environment]);
}

// The deployment-id rule is part of the one Genesys contract the emulator uses too.
export { isDeploymentId } from './contract.js';
