/**
 * Hostile review of SMH's upload (issue 11): a confirm or an instant upload must not succeed when
 * what was declared (the size) is not what is stored. Digests are Python's (support/smh-upload.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';
import { HELLO, MiB, PATTERN, putToCos, type UploadInfo } from './support/smh-upload.js';

let h: Harness;
let smh: ReturnType<typeof clients>['smh'];
beforeAll(async () => {
  h = await startHarness();
  smh = clients(h).smh;
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const pattern = PATTERN.bytes();
const parts = [pattern.subarray(0, MiB), pattern.subarray(MiB, 2 * MiB), pattern.subarray(2 * MiB)];
const codeOf = async (p: Promise<unknown>) => {
  const e = await rejection(p);
  return [e.status, (e.body as { code?: string } | undefined)?.code];
};

describe('tencent-smh review: the declared size is judged at confirm', () => {
  it('multipart with filesize 2.5 MiB, only parts 1 and 2 stored: confirm without crc64 is 404 UploadIncomplete, then completes with part 3', async () => {
    const info = (await smh.initMultipartUpload({ params: { path: { FilePath: 'big.bin' }, query: { filesize: String(PATTERN.size) } } })) as UploadInfo & { confirmKey: string };
    for (const n of [1, 2]) expect((await putToCos(info, parts[n - 1]!, n)).status).toBe(200);
    expect(await codeOf(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } }))).toEqual([404, 'UploadIncomplete']);
    expect((await putToCos(info, parts[2]!, 3)).status).toBe(200);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } })).resolves.toMatchObject({ size: String(PATTERN.size) });
  });

  it('simple upload with body size 13 and 12 bytes stored: 404 UploadIncomplete', async () => {
    const info = (await smh.initUpload({ params: { path: { FilePath: 'hello.txt' } }, body: { size: 13 } })) as UploadInfo & { confirmKey: string };
    expect((await putToCos(info, new TextEncoder().encode(HELLO.text))).status).toBe(200);
    expect(await codeOf(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } }))).toEqual([404, 'UploadIncomplete']);
  });
});

describe('tencent-smh review: instant upload needs the declared size to match', () => {
  it('a size beyond 2^53 - 1 (16 digits, admitted by the schema) is no match: an ordinary upload starts', async () => {
    h.emulator.seed.smhFile({ path: ['hello.txt'], content: HELLO.text });
    const answer = await smh.initUpload({
      params: { path: { FilePath: 'copy.txt' } },
      body: { size: '9999999999999999', beginningHash: HELLO.sha256, fullHash: HELLO.sha256 },
    });
    expect(answer).toHaveProperty('confirmKey');
  });
});
