/**
 * The exportable-state SHA path (issue 11, "Speed"): what PDS `parallel_sha1_ctx` and KooDrive
 * `hashCtx` cost. drivespec computes SHA-1 / SHA-256 with its own state-readable implementation
 * only when `partSize` asks for part contexts, and with node:crypto otherwise; this measures
 *
 * - that path (`MultiHash` with `partSize`, from dist/) against hash-wasm (`createSHA1` /
 *   `createSHA256`, the peer whose `save()` exports a state; goal >= 0.9x) and @noble/hashes, each
 *   loaded from its own package file, and against node:crypto (the path without contexts);
 * - over a file, `hashSource` sha1+sha256 with part contexts against the same without;
 * - over the same file, upload()'s hashing pre-pass (issue 12: `hashSource` with `partSize`)
 *   against hash-wasm reading the file and saving its state at each part boundary (goal >= 0.9x)
 *   and against node:crypto reading it.
 *
 * Same method as bench/hashing.ts: contenders interleaved round by round, goals judged on best
 * rounds, per-round ratio spread beside.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { best, mbPerSecond, spread, type BenchOptions, type BenchRow } from './harness.js';
import { loadBuiltHashing, type Subject } from './subjects.js';

const MiB = 1 << 20;

export interface StreamingHash {
  init(): unknown;
  update(data: Uint8Array): unknown;
  digest(): unknown;
  save(): Uint8Array;
}

interface HashWasm {
  createSHA1(): Promise<StreamingHash>;
  createSHA256(): Promise<StreamingHash>;
}

interface NobleHash {
  create(): { update(data: Uint8Array): unknown; digest(): Uint8Array };
}

function packageVersion(require: NodeJS.Require, name: string): { dir: string; version: string } {
  const pkgFile = require.resolve(`${name}/package.json`);
  return { dir: dirname(pkgFile), version: (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version };
}

/** hash-wasm and @noble/hashes from their own package files, as their users load them. */
async function loadPeers(root: string): Promise<{ hashWasm: HashWasm; sha1: NobleHash; sha256: NobleHash; subjects: Subject[] }> {
  const require = createRequire(join(root, 'package.json'));
  const hw = packageVersion(require, 'hash-wasm');
  const hashWasmFile = require.resolve('hash-wasm');
  const hashWasm = require(hashWasmFile) as HashWasm;
  // @noble/hashes exports neither package.json nor a require() entry: read it from node_modules.
  const nobleDir = join(root, 'node_modules', '@noble', 'hashes');
  const noble = { dir: nobleDir, version: (JSON.parse(readFileSync(join(nobleDir, 'package.json'), 'utf8')) as { version: string }).version };
  const legacy = join(noble.dir, 'legacy.js');
  const sha2 = join(noble.dir, 'sha2.js');
  const { sha1 } = (await import(pathToFileURL(legacy).href)) as { sha1: NobleHash };
  const { sha256 } = (await import(pathToFileURL(sha2).href)) as { sha256: NobleHash };
  return {
    hashWasm,
    sha1,
    sha256,
    subjects: [
      { role: 'peer', file: relative(root, hashWasmFile), detail: `hash-wasm ${hw.version} (WebAssembly, save()/load())` },
      { role: 'peer', file: `${relative(root, legacy)}, ${relative(root, sha2)}`, detail: `@noble/hashes ${noble.version} (plain JS)` },
    ],
  };
}

function ratioRow(metric: string, results: Map<string, number[]>, subject: string, baseline: string, goal?: number, what?: string): BenchRow {
  const a = results.get(subject)!;
  const b = results.get(baseline)!;
  const rounds = spread(a.map((v, i) => v / b[i]!));
  const note = `rounds ${[rounds.min, rounds.median, rounds.max].map((r) => r.toFixed(2)).join(' / ')}${what ? `; ${what}` : ''}`;
  return { metric, value: best(a) / best(b), unit: 'x', ...(goal === undefined ? {} : { goal }), note };
}

function speedRow(metric: string, rounds: number[]): BenchRow {
  const { min, median, max } = spread(rounds);
  return { metric, value: best(rounds), unit: 'MB/s', note: `rounds ${[min, median, max].map((r) => r.toFixed(0)).join(' / ')}` };
}

/** A file read in 1 MiB chunks (as hashSource reads it) into `h`, its state saved at each part boundary. */
export async function hashWasmFile(path: string, h: StreamingHash, partSize: number): Promise<unknown> {
  h.init();
  let fed = 0;
  let next = partSize;
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) {
    let c = chunk as Buffer;
    while (fed + c.length > next) {
      const cut = next - fed;
      h.update(c.subarray(0, cut));
      h.save();
      fed += cut;
      c = c.subarray(cut);
      next += partSize;
    }
    h.update(c);
    fed += c.length;
  }
  return h.digest();
}

/** The same file into node:crypto, which keeps no exportable state. */
export async function nodeFile(path: string, algorithm: 'sha1' | 'sha256'): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Run as part of the `hashing` benchmark (bench/hashing.ts), so bench/run.ts needs no entry. */
export async function runShaState(options: BenchOptions): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const log = options.log;
  const { hashing, subject: ours } = await loadBuiltHashing(options.root);
  const { MultiHash, hashSource } = hashing;
  const peers = await loadPeers(options.root);
  const subjects = [ours, ...peers.subjects, { role: 'baseline', file: 'node:crypto', detail: `OpenSSL ${process.versions.openssl}` }];
  for (const s of subjects) log(`${s.role}: ${s.file} (${s.detail})`);

  const chunkCount = options.quick ? 16 : 64;
  const data = randomFillSync(Buffer.alloc(chunkCount * MiB));
  const chunks = Array.from({ length: chunkCount }, (_, i) => data.subarray(i * MiB, (i + 1) * MiB));
  // PDS's JS SDK default part: 10 MiB rounded up to a multiple of 64 (aliyun-pds-upload.md).
  const partSize = 10 * MiB + 64;
  const rounds = options.quick ? 3 : 7;
  const hw1 = await peers.hashWasm.createSHA1();
  const hw256 = await peers.hashWasm.createSHA256();
  /** hash-wasm with a save() at each part boundary, as a caller collecting contexts would. */
  const hashWasmRun = (h: StreamingHash) => () => {
    h.init();
    let fed = 0;
    let next = partSize;
    for (const c of chunks) {
      if (fed + c.length > next) {
        const cut = next - fed;
        h.update(c.subarray(0, cut));
        h.save();
        h.update(c.subarray(cut));
        next += partSize;
      } else h.update(c);
      fed += c.length;
    }
    return h.digest();
  };
  const contenders: { name: string; run: () => unknown }[] = [
    { name: 'node sha1', run: () => chunks.reduce((h, c) => h.update(c), createHash('sha1')).digest() },
    { name: 'drivespec sha1 + contexts', run: () => chunks.reduce((h, c) => h.update(c), new MultiHash(['sha1'], { partSize })).digest() },
    { name: 'hash-wasm sha1 + save()', run: hashWasmRun(hw1) },
    { name: '@noble/hashes sha1', run: () => chunks.reduce((h, c) => (h.update(c), h), peers.sha1.create()).digest() },
    { name: 'node sha256', run: () => chunks.reduce((h, c) => h.update(c), createHash('sha256')).digest() },
    { name: 'drivespec sha256 + contexts', run: () => chunks.reduce((h, c) => h.update(c), new MultiHash(['sha256'], { partSize })).digest() },
    { name: 'hash-wasm sha256 + save()', run: hashWasmRun(hw256) },
    { name: '@noble/hashes sha256', run: () => chunks.reduce((h, c) => (h.update(c), h), peers.sha256.create()).digest() },
  ];
  log(`in memory: ${chunkCount} x 1 MiB chunks, parts of ${partSize} bytes, ${rounds} rounds`);
  const bytes = chunkCount * MiB;
  const memory = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) c.run();
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      const start = performance.now();
      c.run();
      memory.get(c.name)!.push(mbPerSecond(bytes, performance.now() - start));
    }
  }
  const rows: BenchRow[] = contenders.map((c) => speedRow(`${c.name} (1 MiB chunks)`, memory.get(c.name)!));
  rows.push(
    ratioRow('drivespec sha1 + contexts / hash-wasm sha1', memory, 'drivespec sha1 + contexts', 'hash-wasm sha1 + save()', 0.9),
    ratioRow('drivespec sha256 + contexts / hash-wasm sha256', memory, 'drivespec sha256 + contexts', 'hash-wasm sha256 + save()', 0.9),
    ratioRow('drivespec sha1 + contexts / node sha1', memory, 'drivespec sha1 + contexts', 'node sha1', undefined, 'what parallel_sha1_ctx costs'),
    ratioRow('drivespec sha256 + contexts / node sha256', memory, 'drivespec sha256 + contexts', 'node sha256', undefined, 'what hashCtx costs'),
  );

  // One pass over a file: the same hashSource call with and without part contexts.
  const fileSize = options.quick ? 64 * MiB : 256 * MiB;
  const fileRounds = options.quick ? 2 : 3;
  await mkdir(options.scratchDir, { recursive: true });
  const path = join(options.scratchDir, `sha-state-${fileSize / MiB}MiB.bin`);
  const file = new Map<string, number[]>();
  try {
    await writeFile(path, Buffer.concat(Array.from({ length: fileSize / data.length }, () => data)));
    const fileContenders = [
      // What aliyunPdsHashFields computes, without and with partSize.
      { name: 'crc64+sha1', run: () => hashSource(path, { algorithms: ['crc64', 'sha1'] }) },
      { name: 'crc64+sha1 + contexts', run: () => hashSource(path, { algorithms: ['crc64', 'sha1'], partSize }) },
      { name: 'sha256 + contexts', run: () => hashSource(path, { algorithms: ['sha256'], partSize }) },
      { name: 'sha256', run: () => hashSource(path, { algorithms: ['sha256'] }) },
      // Issue 12: upload()'s pre-pass (hashSource with partSize) against the peers reading the same
      // file: hash-wasm saving its state at each part boundary, and node:crypto (no state to export).
      { name: 'sha1 + contexts', run: () => hashSource(path, { algorithms: ['sha1'], partSize }) },
      { name: 'hash-wasm sha1 + save()', run: () => hashWasmFile(path, hw1, partSize) },
      { name: 'node sha1', run: () => nodeFile(path, 'sha1') },
      { name: 'hash-wasm sha256 + save()', run: () => hashWasmFile(path, hw256, partSize) },
      { name: 'node sha256', run: () => nodeFile(path, 'sha256') },
    ];
    for (const c of fileContenders) file.set(c.name, []);
    await fileContenders[0]!.run();
    log(`file: ${fileSize / MiB} MiB, ${fileRounds} rounds`);
    for (let round = 0; round < fileRounds; round++) {
      for (const c of fileContenders) {
        const start = performance.now();
        await c.run();
        file.get(c.name)!.push(mbPerSecond(fileSize, performance.now() - start));
      }
    }
  } finally {
    await rm(path, { force: true });
  }
  const label = `${fileSize / MiB} MiB file`;
  for (const [name, values] of file) {
    const peer = name.startsWith('hash-wasm') || name.startsWith('node');
    rows.push(speedRow(`${peer ? name : `hashSource ${name}`} (${label})`, values));
  }
  rows.push(
    ratioRow(`PDS fields with parallel_sha1_ctx / without (${label})`, file, 'crc64+sha1 + contexts', 'crc64+sha1', undefined, 'sha1 moves to the exportable path; CRC in a worker either way'),
    ratioRow(`KooDrive sha256 with hashCtx / without (${label})`, file, 'sha256 + contexts', 'sha256', undefined, 'the exportable path against node:crypto'),
    ratioRow(`upload pre-pass sha1 + contexts / hash-wasm sha1 + save() (${label})`, file, 'sha1 + contexts', 'hash-wasm sha1 + save()', 0.9, 'issue 12; both read the file'),
    ratioRow(`upload pre-pass sha256 + contexts / hash-wasm sha256 + save() (${label})`, file, 'sha256 + contexts', 'hash-wasm sha256 + save()', 0.9, 'issue 12; both read the file'),
    ratioRow(`upload pre-pass sha1 + contexts / node sha1 (${label})`, file, 'sha1 + contexts', 'node sha1', undefined, 'issue 12; node:crypto exports no state'),
    ratioRow(`upload pre-pass sha256 + contexts / node sha256 (${label})`, file, 'sha256 + contexts', 'node sha256', undefined, 'issue 12; node:crypto exports no state'),
    ratioRow(`PDS pre-pass crc64+sha1 + contexts / hash-wasm sha1 + save() (${label})`, file, 'crc64+sha1 + contexts', 'hash-wasm sha1 + save()', undefined, 'what aliyun-pds upload() hashes; hash-wasm has no CRC-64'),
  );
  return {
    rows,
    details: {
      statistic: 'value = best round (highest MB/s); ratios divide best rounds; ratio notes: per-round min / median / max',
      subjects,
      partSize,
      chunkMBps: Object.fromEntries(memory),
      fileMBps: Object.fromEntries(file),
    },
  };
}
