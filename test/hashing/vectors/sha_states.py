"""Writes test/hashing/vectors/sha-state-vectors.json: SHA-1 and SHA-256 chaining states at part
boundaries (PDS parallel_sha1_ctx, KooDrive hashCtx), the SMH chained SHA-256, PDS pre_hash and
MetaStudio file_md5, from an implementation that shares nothing with the TypeScript code.

SHA-1 and SHA-256 are written out here from FIPS 180-4 (sections 4.1, 4.2, 5.1, 6.1, 6.2) because
hashlib hides the intermediate state; each final digest is checked against hashlib before
anything is written. Run: python3 test/hashing/vectors/sha_states.py
"""
import base64
import hashlib
import json
import os
import struct

M32 = 0xFFFFFFFF


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & M32


def rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & M32


SHA1_H0 = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]


def sha1_block(h, block):
    w = list(struct.unpack(">16I", block))
    for t in range(16, 80):
        w.append(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1))
    a, b, c, d, e = h
    for t in range(80):
        if t < 20:
            f, k = (b & c) ^ (~b & d), 0x5A827999
        elif t < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif t < 60:
            f, k = (b & c) ^ (b & d) ^ (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        temp = (rotl(a, 5) + (f & M32) + e + k + w[t]) & M32
        a, b, c, d, e = temp, a, rotl(b, 30), c, d
    return [(x + y) & M32 for x, y in zip(h, [a, b, c, d, e])]


SHA256_K = [
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
]
SHA256_H0 = [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19]


def sha256_block(h, block):
    w = list(struct.unpack(">16I", block))
    for t in range(16, 64):
        s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
        s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
        w.append((w[t - 16] + s0 + w[t - 7] + s1) & M32)
    a, b, c, d, e, f, g, hh = h
    for t in range(64):
        t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g & M32)) + SHA256_K[t] + w[t]) & M32
        t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & M32
        a, b, c, d, e, f, g, hh = (t1 + t2) & M32, a, b, c, (d + t1) & M32, e, f, g
    return [(x + y) & M32 for x, y in zip(h, [a, b, c, d, e, f, g, hh])]


def run(block_fn, h0, data, offsets, words):
    """States after each offset in `offsets` (multiples of 64) and the final digest (FIPS 180-4 5.1 padding)."""
    h = list(h0)
    states = {}
    full = len(data) // 64
    for i in range(full):
        if i * 64 in offsets:
            states[i * 64] = list(h)
        h = block_fn(h, data[i * 64 : i * 64 + 64])
    if full * 64 in offsets:
        states[full * 64] = list(h)
    tail = data[full * 64 :] + b"\x80"
    tail += b"\x00" * ((56 - len(tail)) % 64) + struct.pack(">Q", len(data) * 8)
    for i in range(0, len(tail), 64):
        h = block_fn(h, tail[i : i + 64])
    digest = struct.pack(">%dI" % words, *h).hex()
    return states, digest


def vector_bytes(spec):
    if "ascii" in spec:
        return spec["ascii"].encode("utf-8")
    if "cycle256" in spec:
        return bytes(range(256)) * (spec["length"] // 256) + bytes(range(spec["length"] % 256))
    x = spec["lcg"]
    out = bytearray(spec["length"])
    for i in range(len(out)):
        x = (x * 1103515245 + 12345) % (1 << 31)
        out[i] = (x >> 16) & 0xFF
    return bytes(out)


def smh_full_hash(data):
    mib = 1 << 20
    h = hashlib.sha256(data[:mib]).digest()
    for i in range(mib, len(data), mib):
        h = hashlib.sha256(h + data[i : i + mib]).digest()
    return h.hex()


CASES = [
    # The fact sheets' vector (aliyun-pds-upload.md, huawei-koodrive-upload.md): 1024 bytes, part 2 at 512.
    {"input": {"cycle256": True, "length": 1024}, "partSize": 512},
    {"input": {"ascii": "Hello World!"}, "partSize": 64},
    {"input": {"ascii": ""}, "partSize": 64},
    # Exactly two parts, a boundary at the end, a tail shorter than a block.
    {"input": {"lcg": 7, "length": 128}, "partSize": 64},
    {"input": {"lcg": 11, "length": 1000}, "partSize": 192},
    {"input": {"lcg": 3, "length": 200_001}, "partSize": 65_536},
    # Several 1 MiB chunks for SMH's chain, parts not aligned to the reader's 1 MiB buffers.
    {"input": {"cycle256": True, "length": 2_621_440}, "partSize": 1_000_000 - 1_000_000 % 64},
    {"input": {"lcg": 5, "length": 3 * (1 << 20) + 17}, "partSize": 5 * 64 * 1024 + 64},
]


def write_vectors(name, out):
    """Writes `out` as test/hashing/vectors/<name> (indent 1, a final newline), beside this script."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def main():
    cases = []
    for case in CASES:
        data = vector_bytes(case["input"])
        part = case["partSize"]
        offsets = list(range(part, len(data), part))
        s1, d1 = run(sha1_block, SHA1_H0, data, set(offsets), 5)
        s256, d256 = run(sha256_block, SHA256_H0, data, set(offsets), 8)
        assert d1 == hashlib.sha1(data).hexdigest(), "SHA-1 digest disagrees with hashlib"
        assert d256 == hashlib.sha256(data).hexdigest(), "SHA-256 digest disagrees with hashlib"
        cases.append(
            {
                "input": case["input"],
                "size": len(data),
                "partSize": part,
                "sha1": d1,
                "sha256": d256,
                "md5Base64": base64.b64encode(hashlib.md5(data).digest()).decode(),
                "sha1First1KiB": hashlib.sha1(data[:1024]).hexdigest(),
                "sha256First1MiB": hashlib.sha256(data[: 1 << 20]).hexdigest(),
                "sha256MiBChain": smh_full_hash(data),
                "sha1States": [{"offset": o, "h": s1[o]} for o in offsets],
                "sha256States": [{"offset": o, "h": s256[o]} for o in offsets],
            }
        )
    out = {
        "source": "test/hashing/vectors/sha_states.py: SHA-1/SHA-256 compression written from FIPS 180-4 in plain Python"
        " (digests checked against hashlib); MD5, the 1 KiB/1 MiB prefixes and the SMH chain (tencent-smh-upload.md, section 7)"
        " with hashlib. Input cycle256 = bytes(range(256)) repeated; lcg as in inputs.ts.",
        "cases": cases,
    }
    write_vectors("sha-state-vectors.json", out)


if __name__ == "__main__":
    main()
