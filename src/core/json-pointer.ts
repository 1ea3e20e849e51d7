/**
 * RFC 6901 JSON pointers, as the specs' `x-drivespec-transfer` extensions name the fields of an
 * answer (the upload URL, the headers it hands out). Used by the upload engine and by the HAR
 * harness when it matches recorded storage PUTs to the answer that handed out their URLs.
 */

/** The value `pointer` names in `document`, or `undefined` (own properties only: no prototype walk). */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
