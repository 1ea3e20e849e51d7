import { mkdtemp, mkdir, writeFile, appendFile, truncate, chmod, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ConfigurationError, InputError } from '../../src/core/errors.js';
import { openSource } from '../../src/upload/source.js';

function pattern(size: number, seed = 3): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 13 + seed + (i >> 9)) & 0xff;
  return out;
}

function same(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
}

async function bytesOf(body: Uint8Array | Blob): Promise<Uint8Array> {
  return body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body;
}

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-source-'));
});

describe('openSource: files', () => {
  it('reads any range again, as bytes or as a file-backed Blob, by path and by file: URL', async () => {
    const data = pattern(100_000);
    const path = join(dir, 'data.bin');
    await writeFile(path, data);
    for (const given of [path, pathToFileURL(path)]) {
      const source = await openSource(given);
      expect(source.size).toBe(100_000);
      expect(source.randomAccess).toBe(true);
      expect(source.fingerprint).toMatchObject({ size: 100_000, kind: 'file', name: 'data.bin' });
      expect(typeof source.fingerprint.mtimeMs).toBe('number');
      same(await bytesOf(await source.read(1000, 70_000)), data.subarray(1000, 70_000));
      same(await bytesOf(await source.read(1000, 70_000)), data.subarray(1000, 70_000));
      const blob = await source.read(99_990, 100_000, { asBlob: true });
      expect(blob).toBeInstanceOf(Blob);
      same(await bytesOf(blob), data.subarray(99_990));
      same(await source.next(60_000), data.subarray(0, 60_000));
      same(await source.next(60_000), data.subarray(60_000));
      expect(source.hashInput()).toBe(path);
      await source.checkUnchanged();
      await source.close();
      await expect(source.read(0, 1)).rejects.toBeInstanceOf(InputError);
    }
  });

  it('a missing file, a directory, a non-file URL: InputError saying why', async () => {
    await expect(openSource(join(dir, 'missing.bin'))).rejects.toThrow(/no such file/);
    await expect(openSource(join(dir, 'missing.bin'))).rejects.toBeInstanceOf(InputError);
    await mkdir(join(dir, 'a-dir'), { recursive: true });
    await expect(openSource(join(dir, 'a-dir'))).rejects.toThrow(/is a directory/);
    await expect(openSource(new URL('https://example.com/x'))).rejects.toBeInstanceOf(InputError);
    await expect(openSource('')).rejects.toBeInstanceOf(InputError);
  });

  it('an unreadable file (EACCES) is an InputError saying so (as root: checked in a child running as nobody)', async () => {
    // Root reads any file whatever its mode: the check runs where the permission applies.
    // Every directory on the way searchable (mkdtemp's is 0700): the file's own mode refuses.
    await chmod(dir, 0o755);
    const open = join(dir, 'open-to-all');
    await mkdir(open, { recursive: true });
    await chmod(open, 0o755);
    const path = join(open, 'secret.bin');
    await writeFile(path, 'x');
    await chmod(path, 0o000);
    if (process.getuid?.() !== 0) {
      const error = await openSource(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(`cannot read ${path}: permission denied`);
      return;
    }
    const script = [
      "import { openSource } from './src/upload/source.ts';",
      "import { InputError } from './src/core/errors.ts';",
      `try { await openSource(${JSON.stringify(path)}); console.log(JSON.stringify({ opened: true })); }`,
      'catch (e) { console.log(JSON.stringify({ input: e instanceof InputError, message: e.message })); }',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), uid: 65534, gid: 65534, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({ input: true, message: `cannot read ${path}: permission denied` });
  }, 70_000);

  it('a file that shrank while uploading: the read is an InputError, not short bytes', async () => {
    const path = join(dir, 'shrinks.bin');
    await writeFile(path, pattern(10_000));
    const source = await openSource(path);
    await truncate(path, 5_000);
    const error = await source.read(4_000, 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/changed during the upload/);
    await source.close();
  });

  it('a file that changed (size or mtime) fails checkUnchanged; a file-backed Blob of it refuses to read', async () => {
    const path = join(dir, 'grows.bin');
    await writeFile(path, pattern(1000));
    const source = await openSource(path);
    const blob = await source.read(0, 1000, { asBlob: true });
    await appendFile(path, 'more');
    await expect(source.checkUnchanged()).rejects.toBeInstanceOf(InputError);
    await expect((blob as Blob).arrayBuffer()).rejects.toThrow();
    await source.close();

    const touched = join(dir, 'touched.bin');
    await writeFile(touched, pattern(1000));
    const other = await openSource(touched);
    await utimes(touched, new Date(2001, 1, 1), new Date(2001, 1, 1));
    await expect(other.checkUnchanged()).rejects.toThrow(/changed during the upload/);
    await other.close();
  });

  it('options.size that disagrees with the file is an InputError', async () => {
    const path = join(dir, 'sized.bin');
    await writeFile(path, pattern(10));
    await expect(openSource(path, { size: 11 })).rejects.toBeInstanceOf(InputError);
  });

  it('a range outside the source is refused', async () => {
    const source = await openSource(pattern(10));
    await expect(source.read(5, 11)).rejects.toBeInstanceOf(InputError);
    await expect(source.read(-1, 2)).rejects.toBeInstanceOf(InputError);
  });
});

describe('openSource: bytes and Blobs', () => {
  it('bytes: views of the caller’s bytes, fingerprint kind bytes', async () => {
    const data = pattern(1000);
    const source = await openSource(data);
    expect(source.fingerprint).toEqual({ size: 1000, kind: 'bytes' });
    same(await bytesOf(await source.read(10, 20)), data.subarray(10, 20));
    same(await bytesOf(await source.read(10, 20, { asBlob: true })), data.subarray(10, 20));
    expect(source.hashInput()).toBe(data);
  });

  it('bytes whose ArrayBuffer was transferred away fail checkUnchanged and read', async () => {
    const data = pattern(1000);
    const source = await openSource(data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    await expect(source.checkUnchanged()).rejects.toBeInstanceOf(InputError);
    await expect(source.read(0, 10)).rejects.toBeInstanceOf(InputError);
  });

  it('a File: name and lastModified in the fingerprint; any range', async () => {
    const data = pattern(5000);
    const file = new File([data as Uint8Array<ArrayBuffer>], 'photo.jpg', { lastModified: 1_700_000_000_000 });
    const source = await openSource(file);
    expect(source.fingerprint).toEqual({ size: 5000, kind: 'blob', name: 'photo.jpg', mtimeMs: 1_700_000_000_000 });
    same(await bytesOf(await source.read(100, 4000)), data.subarray(100, 4000));
    expect(await source.read(100, 4000, { asBlob: true })).toBeInstanceOf(Blob);
  });

  it('an unsupported source is an InputError', async () => {
    await expect(openSource(42 as never)).rejects.toBeInstanceOf(InputError);
    await expect(openSource(null as never)).rejects.toBeInstanceOf(InputError);
  });
});

async function* chunks(data: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.slice(offset, offset + size);
    offset += size;
  }
}

describe('openSource: streams', () => {
  it('needs options.size', async () => {
    await expect(openSource(chunks(pattern(10), [3]))).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('async iterable and ReadableStream: next() gives consecutive ranges whatever the chunking (empty chunks too)', async () => {
    const data = pattern(10_000);
    const iterable = await openSource(chunks(data, [1, 0, 777, 4096, 3]), { size: data.length });
    const web = await openSource(new Blob([data as Uint8Array<ArrayBuffer>]).stream(), { size: data.length });
    for (const source of [iterable, web]) {
      expect(source.randomAccess).toBe(false);
      expect(source.fingerprint).toEqual({ size: 10_000, kind: 'stream' });
      // Asked concurrently: served in the order asked.
      const [a, b, c] = await Promise.all([source.next(4000), source.next(4000), source.next(4000)]);
      same(a, data.subarray(0, 4000));
      same(b, data.subarray(4000, 8000));
      same(c, data.subarray(8000));
      await source.checkUnchanged();
      await expect(source.read(0, 1)).rejects.toBeInstanceOf(InputError);
      expect(() => source.hashInput()).toThrow(InputError);
      await source.close();
    }
  });

  it('a stream that ends early is an InputError naming the sizes', async () => {
    const source = await openSource(chunks(pattern(900), [100]), { size: 1000 });
    await source.next(500);
    const error = await source.next(500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/ended after 900 bytes.*1000/);
    // Its position is lost: it stays failed.
    await expect(source.next(1)).rejects.toBeInstanceOf(InputError);
  });

  it('a stream with more than its size is an InputError on the read that reaches the size', async () => {
    for (const sizes of [[1001], [1000, 1], [500, 0, 500, 7]]) {
      const source = await openSource(chunks(pattern(1001 + (sizes[3] ?? 0)), sizes), { size: 1000 });
      await source.next(600);
      await expect(source.next(400)).rejects.toThrow(/more than the 1000 bytes/);
    }
  });

  it('a stream that errors or yields a non-byte chunk is an InputError', async () => {
    async function* failing() {
      yield pattern(10);
      throw new Error('disk on fire');
    }
    const source = await openSource(failing(), { size: 100 });
    await expect(source.next(100)).rejects.toThrow(/cannot read the stream: disk on fire/);
    async function* strings() {
      yield 'text' as unknown as Uint8Array;
    }
    const other = await openSource(strings(), { size: 4 });
    await expect(other.next(4)).rejects.toBeInstanceOf(InputError);
    const web = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('broken pipe'));
      },
    });
    await expect((await openSource(web, { size: 4 })).next(4)).rejects.toBeInstanceOf(InputError);
  });

  it('an abort while next() waits on a stalled stream rejects with AbortError at once', async () => {
    async function* stalls() {
      yield pattern(10);
      await new Promise(() => {});
    }
    const source = await openSource(stalls(), { size: 100 });
    const controller = new AbortController();
    const pending = source.next(100, controller.signal).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 1);
    expect(await pending).toBeInstanceOf(AbortError);
    await expect(source.next(10)).rejects.toBeInstanceOf(InputError);
    await source.close();
  }, 2000);

  it('an empty stream of size 0 is fine', async () => {
    const source = await openSource(chunks(new Uint8Array(0), [1]), { size: 0 });
    expect(await source.next(10)).toEqual(new Uint8Array(0));
  });
});
