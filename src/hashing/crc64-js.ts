/**
 * Pure-JS CRC-64/XZ, the fallback when WebAssembly is unavailable and the path for short inputs
 * (where copying into WebAssembly memory costs more than it saves). Parameters in
 * shared/PROVIDERS.md, "Content hashes": reflected polynomial 0xC96C5795D7870F42, init and xorout
 * all ones.
 *
 * JS has no fast 64-bit integers (BigInt allocates), so the register is two 32-bit halves and the
 * slicing-by-8 tables are two flat Uint32Arrays (low and high halves, table k at k * 256), read with
 * aligned 32-bit loads: the fastest pure-JS layout measured on this machine class (~0.9 GB/s;
 * ~0.7 GB/s in a process where any ArrayBuffer was ever detached, e.g. transferred to a worker or by
 * an Emscripten module, because V8 then checks for detachment on every typed-array access).
 */

/** A CRC-64 value (after xorout, the value sent on the wire) as two unsigned 32-bit halves. */
export interface Crc64State {
  lo: number;
  hi: number;
}

export const CRC64_POLY_LO = 0xd7870f42;
export const CRC64_POLY_HI = 0xc96c5795;

interface Tables {
  lo: Uint32Array;
  hi: Uint32Array;
}

let tables: Tables | undefined;

function buildTables(): Tables {
  const lo = new Uint32Array(8 * 256);
  const hi = new Uint32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let l = b;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = (l >>> 1) | (h << 31);
      h >>>= 1;
      if (carry) {
        l ^= CRC64_POLY_LO;
        h ^= CRC64_POLY_HI;
      }
    }
    lo[b] = l >>> 0;
    hi[b] = h >>> 0;
  }
  // Table k: the effect of a byte followed by k zero bytes.
  for (let i = 256; i < 8 * 256; i++) {
    const l = lo[i - 256];
    const h = hi[i - 256];
    const idx = l & 0xff;
    lo[i] = (((l >>> 8) | (h << 24)) ^ lo[idx]) >>> 0;
    hi[i] = ((h >>> 8) ^ hi[idx]) >>> 0;
  }
  return { lo, hi };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Advances `state` over `bytes`, in place. */
export function crc64UpdateJs(state: Crc64State, bytes: Uint8Array): void {
  const t = (tables ??= buildTables());
  const tl = t.lo;
  const th = t.hi;
  let lo = ~state.lo;
  let hi = ~state.hi;
  const n = bytes.length;
  let i = 0;

  // Bytes up to a 4-byte boundary, so the middle can be read as aligned 32-bit words.
  const start = bytes.byteOffset;
  while (i < n && ((start + i) & 3) !== 0) {
    const idx = (lo ^ bytes[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
    hi = (hi >>> 8) ^ th[idx];
    i++;
  }

  const groups = (n - i) >>> 3;
  if (littleEndian && groups > 0) {
    const words = new Uint32Array(bytes.buffer, start + i, groups * 2);
    const end = groups * 2;
    for (let w = 0; w < end; w += 2) {
      const l = lo ^ words[w];
      const h = hi ^ words[w + 1];
      lo =
        tl[0x700 | (l & 0xff)] ^
        tl[0x600 | ((l >>> 8) & 0xff)] ^
        tl[0x500 | ((l >>> 16) & 0xff)] ^
        tl[0x400 | (l >>> 24)] ^
        tl[0x300 | (h & 0xff)] ^
        tl[0x200 | ((h >>> 8) & 0xff)] ^
        tl[0x100 | ((h >>> 16) & 0xff)] ^
        tl[h >>> 24];
      hi =
        th[0x700 | (l & 0xff)] ^
        th[0x600 | ((l >>> 8) & 0xff)] ^
        th[0x500 | ((l >>> 16) & 0xff)] ^
        th[0x400 | (l >>> 24)] ^
        th[0x300 | (h & 0xff)] ^
        th[0x200 | ((h >>> 8) & 0xff)] ^
        th[0x100 | ((h >>> 16) & 0xff)] ^
        th[h >>> 24];
    }
    i += groups * 8;
  }

  while (i < n) {
    const idx = (lo ^ bytes[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
    hi = (hi >>> 8) ^ th[idx];
    i++;
  }
  state.lo = ~lo >>> 0;
  state.hi = ~hi >>> 0;
}
