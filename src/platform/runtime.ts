/**
 * What the runtime lets a request carry, Node build. Node's fetch (undici) sends any header the
 * caller sets, `Date` included; the universal twin (runtime.web.ts) says what a page may not.
 */

/**
 * Whether a request sent from this build can carry a `Date` header. PDS `acs` (v1) signs Date,
 * and ACS4 puts it in its canonical headers, so the PDS client asks this before signing.
 */
export const requestDateHeaderAllowed: boolean = true;
