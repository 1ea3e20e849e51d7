"""Writes test/hashing/vectors/koodrive-upload-vectors.json: the SHA-256 states (KooDrive hashCtx)
at the boundaries of real-sized KooDrive parts (5 MiB, the minimum part size), for the emulator's
upload tests. Uses the FIPS 180-4 compression written out in sha_states.py (hashlib hides the
state); the final digest is checked against hashlib before anything is written.
Run: python3 test/hashing/vectors/koodrive_upload_states.py
"""
import hashlib

from sha_states import SHA256_H0, run, sha256_block, vector_bytes, write_vectors

MIB = 1 << 20
CASES = [
    # Three parts: 5 MiB, 5 MiB and a last part of 1 MiB + 17 bytes (not a block multiple).
    {"input": {"cycle256": True, "length": 11 * MIB + 17}, "partSize": 5 * MIB},
]


def main():
    cases = []
    for case in CASES:
        data = vector_bytes(case["input"])
        part = case["partSize"]
        offsets = list(range(part, len(data), part))
        states, digest = run(sha256_block, SHA256_H0, data, set(offsets), 8)
        assert digest == hashlib.sha256(data).hexdigest(), "SHA-256 digest disagrees with hashlib"
        cases.append(
            {
                "input": case["input"],
                "size": len(data),
                "partSize": part,
                "sha256": digest,
                "hashCtx": [{"partOffset": o, "h": states[o]} for o in offsets],
            }
        )
    out = {
        "source": "test/hashing/vectors/koodrive_upload_states.py: SHA-256 compression from FIPS 180-4 in plain Python (sha_states.py), digest checked against hashlib. Input cycle256 = bytes(range(256)) repeated.",
        "cases": cases,
    }
    write_vectors("koodrive-upload-vectors.json", out)


if __name__ == "__main__":
    main()
