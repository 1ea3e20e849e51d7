/**
 * Every signature the storage endpoints put in a URL or a header is removed by core/redact.ts,
 * and the emulator's request log never shows one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactUrl } from '../../../src/core/redact.js';
import type { StorageFlavor } from '../../../src/emulator/storage/upload-store.js';
import { bytes, put, startStorageHarness, upload, type StorageHarness } from './support.js';

let h: StorageHarness;
const log: string[] = [];
beforeAll(async () => {
  h = await startStorageHarness({ log: (line) => log.push(line) });
});
afterAll(async () => {
  await h.close();
});

/** The 64-hex-digit HMAC in a URL or header. */
const signatureOf = (text: string) => /[0-9a-f]{64}/.exec(text)?.[0];

describe('storage signatures are redacted', () => {
  it.each<[StorageFlavor, string]>([
    ['oss', 'Signature'],
    ['obs', 'Signature'],
    ['s3', 'X-Amz-Signature'],
  ])('%s URLs: redactUrl removes %s and keeps the rest', async (flavor, name) => {
    const key = h.storage.create(upload({ flavor }));
    const url = h.storage.putUrl(key, h.emulator.url, 1, { extraQuery: { 'X-Amz-Iteration-Hash-Ctx': 'e30=' } });
    const signature = signatureOf(url);
    expect(signature).toBeDefined();
    const redacted = redactUrl(url);
    expect(redacted).not.toContain(signature);
    expect(redacted).toContain(`${name}=${REDACTED}`);
    expect(redacted).toContain('partNumber=1');
    // The log line of the PUT to it carries no signature either.
    log.length = 0;
    expect((await put(url, bytes(10))).status).toBe(200);
    expect(log.join('\n')).toContain('/__drivespec/storage/');
    expect(log.join('\n')).not.toContain(signature);
  });

  it('cos targets: the Authorization header (and COS tokens) are redacted', () => {
    const key = h.storage.create(upload({ flavor: 'cos', provider: 'tencent-smh', requiredHeaders: { 'x-cos-security-token': 'tok-123456' } }));
    const { headers } = h.storage.cosTarget(key, h.emulator.url);
    expect(signatureOf(headers.Authorization!)).toBeDefined();
    expect(redactHeaders(headers)).toEqual({ Authorization: REDACTED, 'x-cos-security-token': REDACTED });
  });

  it('COS query signatures and S3 session tokens in URLs are redacted', () => {
    expect(redactUrl('https://b.cos.test/o?q-sign-algorithm=sha1&q-signature=abc&x-amz-security-token=t')).toBe(
      `https://b.cos.test/o?q-sign-algorithm=sha1&q-signature=${REDACTED}&x-amz-security-token=${REDACTED}`,
    );
  });
});
