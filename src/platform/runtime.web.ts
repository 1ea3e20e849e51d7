/**
 * What the runtime lets a request carry, universal build (browsers, Workers). `Date` is a
 * forbidden request header in the Fetch standard (https://fetch.spec.whatwg.org/#forbidden-request-header):
 * a page cannot set it, and Chromium drops it silently (test/browser/clients.slow.test.ts, "the
 * trap"). Workers may let it through, but one build serves both, so it assumes the page.
 */

/**
 * Whether a request sent from this build can carry a `Date` header. PDS `acs` (v1) signs Date,
 * and ACS4 puts it in its canonical headers, so the PDS client asks this before signing.
 */
export const requestDateHeaderAllowed: boolean = false;
