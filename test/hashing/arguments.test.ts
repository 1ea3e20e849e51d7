/**
 * Issue 9 item 15 (review D10): every exported function of `drivespec/hashing` refuses a wrong
 * argument with the module's InputError naming the function and the argument, never a plain
 * TypeError from inside, and never accepts it silently.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  Crc64,
  combineCrc64,
  hashSource,
  koodriveHashFields,
  pdsHashFields,
  smhHashFields,
  toKooDriveHashFields,
  toPdsHashFields,
  toSmhHashFields,
} from '../../src/hashing/index.js';

/** Calls `f` and returns what it threw (sync or async); fails if it did not throw. */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

async function expectInputError(f: () => unknown, message: string): Promise<void> {
  const error = await thrown(f);
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toBe(message);
}

const bytes = new Uint8Array([1, 2, 3]);
const CRC_OF_BYTES = '4290302351429184419'; // CRC-64/XZ of 01 02 03: crc64-ecma182.js and vectors/crc64_bitwise.py agree
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wrong types on purpose
const anyValue = (v: unknown): any => v;

describe('Crc64 options', () => {
  it.each([
    [null, 'null'],
    [5, 'a number'],
    ['js', 'a string'],
    [[], 'an array'],
  ])('options %j is refused', async (options, got) => {
    await expectInputError(() => new Crc64(anyValue(options)), `Crc64: options must be an object, got ${got}`);
  });

  it.each([
    ['bogus', '"bogus"'],
    ['JS', '"JS"'],
    [null, 'null'],
    [1, 'a number'],
  ])('implementation %j is refused', async (implementation, got) => {
    await expectInputError(
      () => new Crc64(anyValue({ implementation })),
      `Crc64: options.implementation must be "auto", "wasm", "js" or absent, got ${got}`,
    );
  });

  it('undefined options and every documented implementation are accepted', () => {
    expect(new Crc64(undefined).update(bytes).digest()).toBe(CRC_OF_BYTES);
    expect(new Crc64({}).implementation).toBe(new Crc64({ implementation: 'auto' }).implementation);
    expect(new Crc64({ implementation: 'js' }).implementation).toBe('js');
    expect(new Crc64({ implementation: undefined }).update(bytes).digest()).toBe(CRC_OF_BYTES);
    expect(new Crc64({ implementation: 'wasm' }).update(bytes).digest()).toBe(CRC_OF_BYTES);
  });
});

describe('to*HashFields', () => {
  const result = { size: 3, crc64: '123', sha1: 'abcdef', sha256: '0123' };

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['x', 'a string'],
    [[], 'an array'],
  ])('a result %j is refused by each', async (value, got) => {
    await expectInputError(() => toPdsHashFields(anyValue(value)), `toPdsHashFields: result must be a hash result object, got ${got}`);
    await expectInputError(() => toSmhHashFields(anyValue(value)), `toSmhHashFields: result must be a hash result object, got ${got}`);
    await expectInputError(() => toKooDriveHashFields(anyValue(value)), `toKooDriveHashFields: result must be a hash result object, got ${got}`);
  });

  it('a result without the needed digests is refused, naming the field', async () => {
    await expectInputError(() => toPdsHashFields(anyValue({ ...result, sha1: undefined })), 'toPdsHashFields: result.sha1 must be a string, got undefined');
    await expectInputError(() => toPdsHashFields(anyValue({ ...result, crc64: 5n })), 'toPdsHashFields: result.crc64 must be a string, got a bigint');
    await expectInputError(() => toSmhHashFields(anyValue({ size: 1 })), 'toSmhHashFields: result.crc64 must be a string, got undefined');
    await expectInputError(() => toKooDriveHashFields(anyValue({ sha256: null })), 'toKooDriveHashFields: result.sha256 must be a string, got null');
  });

  it.each([
    [undefined, 'undefined'],
    ['3', 'a string'],
    [-1, '-1'],
    [1.5, '1.5'],
  ])('PDS needs a size: %j is refused', async (size, got) => {
    await expectInputError(() => toPdsHashFields(anyValue({ ...result, size })), `toPdsHashFields: result.size must be a non-negative integer, got ${got}`);
  });

  it('a complete result maps as before', () => {
    expect(toPdsHashFields(result)).toEqual({ crc64_hash: '123', content_hash: 'ABCDEF', content_hash_name: 'sha1', size: 3 });
    expect(toPdsHashFields({ ...result, size: 0 }).size).toBe(0);
    expect(toSmhHashFields(result)).toEqual({ crc64: '123' });
    expect(toKooDriveHashFields(result)).toEqual({ sha256: '0123' });
  });
});

describe('hashSource and the provider helpers: options', () => {
  it.each([
    [null, 'null'],
    [5, 'a number'],
    [[], 'an array'],
  ])('options %j is refused', async (options, got) => {
    await expectInputError(() => hashSource(bytes, anyValue(options)), `hashSource: options must be an object, got ${got}`);
    await expectInputError(() => pdsHashFields(bytes, anyValue(options)), `pdsHashFields: options must be an object, got ${got}`);
    await expectInputError(() => smhHashFields(bytes, anyValue(options)), `smhHashFields: options must be an object, got ${got}`);
    await expectInputError(() => koodriveHashFields(bytes, anyValue(options)), `koodriveHashFields: options must be an object, got ${got}`);
  });

  it('a wrong worker or signal is refused, naming the option', async () => {
    await expectInputError(() => hashSource(bytes, anyValue({ worker: 'yes' })), 'hashSource: options.worker must be true, false, "auto" or absent, got "yes"');
    await expectInputError(() => hashSource(bytes, anyValue({ worker: null })), 'hashSource: options.worker must be true, false, "auto" or absent, got null');
    await expectInputError(() => hashSource(bytes, anyValue({ signal: 5 })), 'hashSource: options.signal must be an AbortSignal, got a number');
    await expectInputError(() => hashSource(bytes, anyValue({ signal: { aborted: false } })), 'hashSource: options.signal must be an AbortSignal, got an object');
    await expectInputError(() => smhHashFields(bytes, anyValue({ signal: null })), 'hashSource: options.signal must be an AbortSignal, got null');
  });

  it('the documented options are accepted', async () => {
    const crc = CRC_OF_BYTES;
    expect((await hashSource(bytes, undefined)).crc64).toBe(crc);
    for (const worker of [true, false, 'auto'] as const) expect((await hashSource(bytes, { worker, algorithms: ['crc64'] })).crc64).toBe(crc);
    expect((await smhHashFields(bytes, { signal: new AbortController().signal })).crc64).toBe(crc);
  });
});

describe('combineCrc64', () => {
  it('a symbol as length is refused like any other non-number', async () => {
    await expectInputError(() => combineCrc64('0', '0', anyValue(Symbol('n'))), 'combineCrc64: lengthOfB must be a non-negative integer, got Symbol(n)');
  });
});
