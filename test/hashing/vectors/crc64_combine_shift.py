"""Known answers for combineCrc64 at lengths no one can hash: CRC-64/XZ of A followed by n bytes
whose own CRC is 0 equals crc(A) * x^(8n) mod P (zlib's crc32_combine, crc32.c, with crc2 = 0).

Plain GF(2) polynomial arithmetic in normal bit order, nothing shared with the TypeScript code;
checked first against the bit-at-a-time CRC of real concatenations (crc64_bitwise.py).
Run: python3 test/hashing/vectors/crc64_combine_shift.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crc64_bitwise import crc64_xz  # noqa: E402

NORMAL = 0x42F0E1EBA9EA3693  # the reflected polynomial 0xC96C5795D7870F42, bit-reversed


def rev64(value: int) -> int:
    return int(f"{value:064b}"[::-1], 2)


def mulmod(a: int, b: int) -> int:
    """a * b modulo x^64 + NORMAL, polynomials over GF(2) in normal order."""
    result = 0
    while b:
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a >> 64:
            a ^= (1 << 64) | NORMAL
    return result


def x_power(exponent: int) -> int:
    result, base = 1, 2  # the polynomials 1 and x
    while exponent:
        if exponent & 1:
            result = mulmod(result, base)
        base = mulmod(base, base)
        exponent >>= 1
    return result


def shift(crc: int, length: int) -> int:
    """crc * x^(8 * length) mod P, in the CRC's reflected representation."""
    return rev64(mulmod(rev64(crc), x_power(8 * length)))


def main() -> int:
    for la, lb in [(0, 0), (1, 0), (9, 1), (10, 37), (100, 1000)]:
        a, b = os.urandom(la), os.urandom(lb)
        assert shift(crc64_xz(a), lb) ^ crc64_xz(b) == crc64_xz(a + b), (la, lb)
    check = 0x995DC9BBDF1939FA  # CRC-64/XZ of "123456789"
    for length in [2**32, 2**63, 2**64 - 1]:
        print(f"combineCrc64({check}n, 0n, {length}n) = {shift(check, length)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
