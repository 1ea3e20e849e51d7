/**
 * What signing one request costs (issue 13, "keep node:crypto on Node where it is faster (measure
 * it)"): each AccessKey scheme (`acs` HMAC-SHA1, ACS4-HMAC-SHA256, SDK-HMAC-SHA256) signed with
 * the Node crypto twin (src/platform/crypto.ts, node:crypto) and with the universal twin
 * (crypto.web.ts, WebCrypto's `crypto.subtle`), both under Node in the same run; and one
 * HMAC-SHA256 of a string to sign by node:crypto against `crypto.subtle`, with the key imported per
 * call and imported once.
 *
 * Both twins are the built files: the signers from dist/, and a copy of dist/src in the scratch
 * folder whose platform/crypto.js is dist's crypto.web.js (what the universal build swaps in), so
 * the same signer code runs on either twin. Contenders run interleaved round by round; each is
 * judged on its best round (other processes only slow a round down), with the per-round spread.
 *
 * Goals: the web twin's time over the Node twin's, per scheme, >= 1: the Node build keeps
 * node:crypto only while it is the faster one there.
 */
import { createHmac } from 'node:crypto';
import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spread, type Benchmark, type BenchOptions, type BenchRow } from './harness.js';

type AcsModule = typeof import('../src/signing/aliyun-acs/sign-aliyun-acs-request.js');
type Acs4Module = typeof import('../src/signing/aliyun-acs4/sign-aliyun-acs4-request.js');
type HuaweiModule = typeof import('../src/signing/huawei-sdk-hmac-sha256/sign-huawei-request.js');
type CryptoModule = typeof import('../src/platform/crypto.js');

interface Twin {
  crypto: CryptoModule;
  acs: AcsModule;
  acs4: Acs4Module;
  huawei: HuaweiModule;
}

async function loadTwin(srcDir: string): Promise<Twin> {
  const load = async <T>(file: string) => (await import(pathToFileURL(join(srcDir, file)).href)) as T;
  return {
    crypto: await load<CryptoModule>('platform/crypto.js'),
    acs: await load<AcsModule>('signing/aliyun-acs/sign-aliyun-acs-request.js'),
    acs4: await load<Acs4Module>('signing/aliyun-acs4/sign-aliyun-acs4-request.js'),
    huawei: await load<HuaweiModule>('signing/huawei-sdk-hmac-sha256/sign-huawei-request.js'),
  };
}

/** dist/src copied with the universal crypto twin in the Node twin's place. */
async function webCopyOfDist(root: string, scratchDir: string): Promise<string> {
  const dist = join(root, 'dist', 'src');
  const web = join(dist, 'platform', 'crypto.web.js');
  if (!existsSync(web)) throw new Error(`${relative(root, web)} is missing: \`npm run bench\` builds it first (npm run build)`);
  const copy = join(scratchDir, 'signing-web-twin', 'src');
  await rm(join(scratchDir, 'signing-web-twin'), { recursive: true, force: true });
  await mkdir(copy, { recursive: true });
  await cp(dist, copy, { recursive: true });
  // dist/src imports ../../generated; the signers do not, but the copy keeps the layout whole.
  await cp(join(root, 'dist', 'generated'), join(scratchDir, 'signing-web-twin', 'generated'), { recursive: true });
  await copyFile(web, join(copy, 'platform', 'crypto.js'));
  return copy;
}

/** A PDS CompleteFile-sized JSON call and a MetaStudio confirm: what the clients sign per attempt. */
const pdsBody = new TextEncoder().encode(
  JSON.stringify({ drive_id: '1', file_id: '5f1e2b3c4d5e6f708192a3b4c5d6e7f8', upload_id: 'B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7' }),
);
const pdsRequest = (body: boolean) => ({
  method: 'POST',
  url: 'https://1234.api.aliyunpds.com/v2/file/complete',
  headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
  ...(body ? { body: pdsBody } : {}),
});
const acsCredentials = { accessKeyId: 'LTAI5tBenchAccessKeyId', accessKeySecret: 'benchAccessKeySecret0123456789ab' };
const metaStudioRequest = {
  method: 'POST',
  url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/files/f-1/complete',
  headers: { 'content-type': 'application/json', 'x-project-id': '0123456789abcdef0123456789abcdef' },
  body: new TextEncoder().encode(JSON.stringify({ state: 'CREATED' })),
};
const huaweiCredentials = { ak: 'BENCHAKEXAMPLE0123456', sk: 'benchSecretKey0123456789abcdefghijklmnop' };
const signedAt = new Date('2026-12-02T00:00:00Z');
const acsOptions = { now: () => signedAt, nonce: () => 'b7e1c1a0-4c5e-4d7a-9f00-000000000000', action: 'CompleteFile' };

interface Contender {
  name: string;
  once: () => Promise<unknown>;
}

/** µs per call, one list entry per round (calls awaited one after another, as a client signs). */
async function perCall(contenders: Contender[], rounds: number, calls: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) for (let i = 0; i < Math.min(calls, 200); i++) await c.once(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await c.once();
      out.get(c.name)!.push(((performance.now() - start) * 1000) / calls);
    }
  }
  return out;
}

function timeRow(metric: string, rounds: number[]): BenchRow {
  const { min, median, max } = spread(rounds);
  // Fastest is best for a time: the least disturbed round is the smallest.
  return { metric, value: Math.min(...rounds), unit: 'µs', note: `rounds ${[min, median, max].map((r) => r.toFixed(1)).join(' / ')}` };
}

function ratioRow(metric: string, slower: number[], faster: number[], goal?: number): BenchRow {
  const perRound = slower.map((s, i) => s / faster[i]!);
  const { min, median, max } = spread(perRound);
  return {
    metric,
    value: Math.min(...slower) / Math.min(...faster),
    unit: 'x',
    ...(goal === undefined ? {} : { goal }),
    note: `per round ${[min, median, max].map((r) => r.toFixed(2)).join(' / ')}`,
  };
}

async function run(options: BenchOptions) {
  const { root, log, quick } = options;
  const rounds = quick ? 3 : 7;
  const calls = quick ? 300 : 2000;
  const nodeSrc = join(root, 'dist', 'src');
  if (!existsSync(join(nodeSrc, 'platform', 'crypto.js'))) throw new Error('dist/src/platform/crypto.js is missing: `npm run bench` builds it first');
  const nodeTwin = await loadTwin(nodeSrc);
  const webTwin = await loadTwin(await webCopyOfDist(root, options.scratchDir));
  log(`node twin: dist/src/platform/crypto.js (${nodeTwin.crypto.cryptoImplementation}, OpenSSL ${process.versions.openssl})`);
  log(`web twin: dist/src/platform/crypto.web.js in a copy of dist/src (${webTwin.crypto.cryptoImplementation}, Node's WebCrypto)`);

  // Both twins must sign the same bytes, or the timing compares different work.
  for (const [scheme, sign] of [
    ['acs', (t: Twin) => t.acs.signAliyunAcsRequest(pdsRequest(false), acsCredentials, acsOptions)],
    ['acs4', (t: Twin) => t.acs4.signAliyunAcs4Request(pdsRequest(true), acsCredentials, acsOptions)],
    ['sdk-hmac-sha256', (t: Twin) => t.huawei.signHuaweiRequest(metaStudioRequest, huaweiCredentials, { now: () => signedAt })],
  ] as const) {
    const [a, b] = [await sign(nodeTwin), await sign(webTwin)];
    if (a.signature !== b.signature) throw new Error(`${scheme}: the twins' signatures differ`);
  }

  const schemes = [
    { name: 'acs (HMAC-SHA1)', once: (t: Twin) => () => t.acs.signAliyunAcsRequest(pdsRequest(false), acsCredentials, acsOptions) },
    { name: 'ACS4-HMAC-SHA256', once: (t: Twin) => () => t.acs4.signAliyunAcs4Request(pdsRequest(true), acsCredentials, acsOptions) },
    { name: 'SDK-HMAC-SHA256', once: (t: Twin) => () => t.huawei.signHuaweiRequest(metaStudioRequest, huaweiCredentials, { now: () => signedAt }) },
  ];
  const contenders = schemes.flatMap((s) => [
    { name: `${s.name}, node twin`, once: s.once(nodeTwin) },
    { name: `${s.name}, web twin`, once: s.once(webTwin) },
  ]);
  const signing = await perCall(contenders, rounds, calls);

  const subtle = globalThis.crypto.subtle;
  const utf8 = new TextEncoder();
  const stringToSign = `SDK-HMAC-SHA256\n20261202T000000Z\n${'0123456789abcdef'.repeat(4)}`;
  const keyBytes = utf8.encode(huaweiCredentials.sk);
  const imported = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const hmac = await perCall(
    [
      { name: 'node:crypto createHmac', once: async () => createHmac('sha256', huaweiCredentials.sk).update(stringToSign).digest() },
      { name: 'node twin hmacSha256', once: () => nodeTwin.crypto.hmacSha256(huaweiCredentials.sk, stringToSign) },
      {
        name: 'crypto.subtle, key imported per call',
        once: async () => subtle.sign('HMAC', await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), utf8.encode(stringToSign)),
      },
      { name: 'crypto.subtle, key imported once', once: () => subtle.sign('HMAC', imported, utf8.encode(stringToSign)) },
    ],
    rounds,
    calls,
  );

  const rows: BenchRow[] = [];
  for (const s of schemes) {
    const node = signing.get(`${s.name}, node twin`)!;
    const web = signing.get(`${s.name}, web twin`)!;
    rows.push(timeRow(`sign ${s.name}, node twin (node:crypto)`, node));
    rows.push(timeRow(`sign ${s.name}, web twin (crypto.subtle)`, web));
    rows.push(ratioRow(`sign ${s.name}: web twin time / node twin time`, web, node, 1));
  }
  for (const [name, values] of hmac) rows.push(timeRow(`HMAC-SHA256 once, ${name}`, values));
  const nodeHmac = hmac.get('node:crypto createHmac')!;
  rows.push(ratioRow('HMAC-SHA256: crypto.subtle (key imported once) / node:crypto', hmac.get('crypto.subtle, key imported once')!, nodeHmac));
  rows.push(ratioRow('HMAC-SHA256: crypto.subtle (key per call) / key imported once', hmac.get('crypto.subtle, key imported per call')!, hmac.get('crypto.subtle, key imported once')!));
  rows.push(ratioRow('HMAC-SHA256: node twin (async, lazy import) / node:crypto', hmac.get('node twin hmacSha256')!, nodeHmac));
  return {
    rows,
    details: {
      rounds,
      callsPerRound: calls,
      signing: Object.fromEntries(signing),
      hmac: Object.fromEntries(hmac),
      best: Object.fromEntries([...signing, ...hmac].map(([name, values]) => [name, Math.min(...values)])),
    },
  };
}

export const signingBenchmark: Benchmark = {
  name: 'signing',
  description: 'per-request signing cost of acs, ACS4 and SDK-HMAC-SHA256 on the node:crypto twin vs the WebCrypto twin, and HMAC-SHA256 node:crypto vs crypto.subtle',
  run,
};
