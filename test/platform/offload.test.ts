/** src/platform/offload.ts and its universal twin: the same exports; the twin starts no worker (the CRC runs inline). */
import { describe, expect, it } from 'vitest';
import * as node from '../../src/platform/offload.js';
import * as web from '../../src/platform/offload.web.js';

const asWeb: typeof web = node;
const asNode: typeof node = web;

describe('platform offload twins', () => {
  it('export the same names; the web twin never starts an offload, Node does', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect([asWeb, asNode]).toHaveLength(2);
    const options = { bufferSize: 1024, buffers: 2 };
    expect(web.startCrc64Offload({ lo: 0, hi: 0 }, options)).toBeUndefined();
    const started = node.startCrc64Offload({ lo: 0, hi: 0 }, options);
    expect(started).toBeDefined();
    started!.destroy();
  });
});
