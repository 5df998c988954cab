/**
 * The Genesys Cloud environments Messenger can run in (docs/messenger-sdk.md#environments).
 * The environment code goes into the snippet's config; the domain names the regional CDN.
 */
// The table is part of the one Genesys contract (the Node server builds the demo's CSP from it).
import { ENVIRONMENTS, bootstrapScriptUrl, normalizeEnvironment } from './contract.js';
export { ENVIRONMENTS };

export type EnvironmentCode = keyof typeof ENVIRONMENTS;

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

/** A documented environment code for a code or a lab short code (see the contract). */
export { normalizeEnvironment };

/** The official bootstrap script on the environment's regional CDN. */
export function bootstrapUrl(environment: EnvironmentCode): string {
  return bootstrapScriptUrl(ENVIRONMENTS[environment]);
}

// The deployment-id rule is part of the one Genesys contract the emulator uses too.
export { isDeploymentId } from './contract.js';
