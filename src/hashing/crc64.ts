/**
 * Streaming CRC-64/XZ, the "CRC64-ECMA182" of Alibaba PDS (`crc64_hash`) and Tencent SMH (`crc64`):
 * shared/PROVIDERS.md, "Content hashes". The `update / digest / reset` shape follows the AWS SDK
 * checksum interface.
 */
import { ConfigurationError } from '../core/errors.js';
import { checkOneOf, checkOptions } from './arguments.js';
import { crc64UpdateJs, type Crc64State } from './crc64-js.js';
import { crc64ToBigInt, crc64ToDecimal } from './crc64-format.js';
import { crc64Wasm, type Crc64Wasm } from './crc64-wasm.js';
import { toBytes, type BinaryChunk } from './to-bytes.js';

/**
 * Below this many bytes the pure-JS loop wins: the WebAssembly path pays a call and a copy
 * (measured crossover on this machine class is a few hundred bytes).
 */
const WASM_MIN_BYTES = 256;

export type Crc64Implementation = 'auto' | 'wasm' | 'js';
const implementations: readonly (Crc64Implementation | undefined)[] = ['auto', 'wasm', 'js', undefined];

export interface Crc64Options {
  /** `auto` (default): WebAssembly for long chunks when available, pure JS otherwise. */
  implementation?: Crc64Implementation;
}

export class Crc64 {
  readonly #state: Crc64State = { lo: 0, hi: 0 };
  readonly #wasm: Crc64Wasm | undefined;

  constructor(options?: Crc64Options) {
    const given = checkOptions('Crc64', options).implementation;
    const implementation = checkOneOf('Crc64', 'options.implementation', given, implementations) ?? 'auto';
    this.#wasm = implementation === 'js' ? undefined : crc64Wasm();
    if (implementation === 'wasm' && !this.#wasm) {
      throw new ConfigurationError('implementation', 'WebAssembly is not available in this environment');
    }
  }

  /** Which code path long chunks take. */
  get implementation(): 'wasm' | 'js' {
    return this.#wasm ? 'wasm' : 'js';
  }

  update(chunk: BinaryChunk): this {
    const bytes = toBytes(chunk);
    if (this.#wasm && bytes.length >= WASM_MIN_BYTES) this.#wasm.update(this.#state, bytes);
    else crc64UpdateJs(this.#state, bytes);
    return this;
  }

  /** The CRC of everything so far as the unsigned decimal wire string. Does not reset. */
  digest(): string {
    return crc64ToDecimal(this.#state);
  }

  /** The CRC of everything so far as an unsigned 64-bit bigint. Does not reset. */
  digestBigInt(): bigint {
    return crc64ToBigInt(this.#state);
  }

  reset(): void {
    this.#state.lo = 0;
    this.#state.hi = 0;
  }
}
