// @ts-check
/**
 * The Trusted Types policies the elements create, which a page enforcing Trusted Types must
 * allow (`trusted-types lit-html gc-lab`): Lit's, which renders the elements, and ours, which
 * makes Messenger's script URL. Used by the elements, the test pages and `npm run csp`.
 */
export const TRUSTED_TYPES_POLICY = 'gc-lab';

/** Every policy name a page must allow, in the order the docs give them. */
export const TRUSTED_TYPES_POLICIES = /** @type {const} */ (['lit-html', TRUSTED_TYPES_POLICY]);
