"""Recomputes test/hashing/vectors/crc64-vectors.json with a bit-at-a-time CRC-64/XZ.

Parameters from shared/PROVIDERS.md ("Content hashes"): reflected polynomial 0xC96C5795D7870F42,
init and xorout 0xFFFFFFFFFFFFFFFF. Deliberately the slowest, plainest form: no tables, nothing
shared with the TypeScript or WebAssembly code. Run: python3 test/hashing/vectors/crc64_bitwise.py
"""
import json
import os
import sys

POLY = 0xC96C5795D7870F42
MASK = 0xFFFFFFFFFFFFFFFF


def crc64_xz(data: bytes) -> int:
    crc = MASK
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ POLY if crc & 1 else crc >> 1
    return crc ^ MASK


def vector_bytes(spec: dict) -> bytes:
    if "ascii" in spec:
        return spec["ascii"].encode("utf-8")
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "fill" in spec:
        return bytes([spec["fill"]]) * spec["length"]
    x = spec["lcg"]
    out = bytearray(spec["length"])
    for i in range(len(out)):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    return bytes(out)


def main() -> int:
    assert crc64_xz(b"123456789") == 0x995DC9BBDF1939FA
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "crc64-vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    bad = 0
    for v in vectors:
        got = str(crc64_xz(vector_bytes(v["input"])))
        if got != v["crc64"]:
            bad += 1
            print("MISMATCH", v["input"], got, v["crc64"])
    print(f"{len(vectors) - bad} vectors agree, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
