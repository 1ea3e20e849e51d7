#!/usr/bin/env python3
"""An independent ACS4-HMAC-SHA256 signer, written from /work/shared/docs/aliyun-pds-acs4.md only
(no drivespec code was read or called), with hashlib/hmac from the standard library. It builds the
headers the PDS SDK gateway sets for v4 and prints known-answer vectors, every intermediate value
included, as JSON:

    python3 test/signing/aliyun-acs4/independent/acs4.py > test/signing/aliyun-acs4/vectors.json
    python3 test/signing/aliyun-acs4/independent/acs4.py --verify > test/signing/aliyun-acs4/verify-vectors.json

The second set feeds verify.test.ts: requests a verifier must accept or refuse, among them one
whose x-acs-content-sha256 header lies about the body (case field "declaredContentSha256") while
the canonical request carries the body's true hash, as a client that signs both would send it.
"""
import sys
import hashlib
import hmac
import json
from datetime import datetime, timezone
from email.utils import formatdate
from urllib.parse import unquote_plus, urlsplit

SOURCE = ("test/signing/aliyun-acs4/independent/acs4.py: an independent Python 3 implementation "
          "(hashlib, hmac) of /work/shared/docs/aliyun-pds-acs4.md (alibabacloud-gateway-pds 0.1.2, v4)")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key: bytes, data: str) -> bytes:
    return hmac.new(key, data.encode("utf-8"), hashlib.sha256).digest()


def region_of(host: str) -> str:
    # "region = center, unless the endpoint host contains .admin.aliyunpds.com, in which case it
    # is the host with that suffix removed." (Endpoints carry no port in the SDK's config.)
    suffix = ".admin.aliyunpds.com"
    return host.replace(suffix, "") if suffix in host else "center"


def signing_key(secret: str, date: str, region: str) -> bytes:
    k1 = hmac_sha256(("aliyun_v4" + secret).encode("utf-8"), date)
    k2 = hmac_sha256(k1, region)
    k3 = hmac_sha256(k2, "pds")
    return hmac_sha256(k3, "aliyun_v4_request")


def canonical_resource(path: str, query: dict) -> str:
    # "path, then if there is a query: '?' + the query keys sorted ascending, each as key or
    # key=value (value omitted when empty), joined with '&'; keys and values used as given".
    if not query:
        return path
    parts = [k if query[k] == "" else k + "=" + query[k] for k in sorted(query)]
    return path + "?" + "&".join(parts)


def canonical_headers(headers: dict) -> (str, str):
    lower = {k.lower(): v for k, v in headers.items()}
    out = ""
    for name in ("accept", "content-md5", "content-type", "date"):
        out += lower.get(name, "") + "\n"
    acs = sorted(k for k in lower if k.startswith("x-acs-"))
    for name in acs:
        out += name + ":" + lower[name].strip() + "\n"
    return out, ";".join(acs)


def sign(case: dict) -> dict:
    url = urlsplit(case["url"])
    # The server's query map: form-decoded (`+` is a space), as the gateway reads it.
    query = {}
    if url.query:
        for piece in url.query.split("&"):
            key, _, value = piece.partition("=")
            query[unquote_plus(key)] = unquote_plus(value)
    path = unquote_plus(url.path.replace("+", "%2B"))
    when = datetime.strptime(case["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    body = case["body"].encode("utf-8")

    # "Headers the SDK sets on every request (v1 and v4)" plus v4's two; no signature-method/version.
    headers = dict(case.get("headers", {}))
    headers.update({
        "date": formatdate(when.timestamp(), usegmt=True),
        "host": url.netloc,
        "x-acs-version": "2022-03-01",
        "x-acs-action": case["action"],
        "x-acs-signature-nonce": case["nonce"],
        "x-acs-date": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "x-acs-content-sha256": case.get("declaredContentSha256", sha256_hex(body)),
    })
    headers.setdefault("accept", "application/json")
    headers.setdefault("content-type", "application/json; charset=utf-8")
    if case.get("securityToken"):
        headers["x-acs-security-token"] = case["securityToken"]

    date = headers["x-acs-date"][:10].replace("-", "")
    region = region_of(url.hostname)
    block, signed = canonical_headers(headers)
    canonical_request = (case["method"] + "\n" + canonical_resource(path, query) + "\n" + block + "\n"
                         + signed + "\n" + sha256_hex(body))
    string_to_sign = "ACS4-HMAC-SHA256\n" + sha256_hex(canonical_request.encode("utf-8"))
    key = signing_key(case["accessKeySecret"], date, region)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    authorization = ("ACS4-HMAC-SHA256 Credential=" + case["accessKeyId"] + "/" + date + "/" + region
                     + "/pds/aliyun_v4_request,SignedHeaders=" + signed + ",Signature=" + signature)
    sent = {k: v for k, v in headers.items() if k != "host"}
    sent["authorization"] = authorization
    return {
        "source": SOURCE,
        "name": case["name"],
        "input": case,
        "expected": {
            "headers": dict(sorted(sent.items())),
            "scopeDate": date,
            "region": region,
            "canonicalRequest": canonical_request,
            "stringToSign": string_to_sign,
            "signingKey": key.hex(),
            "signedHeaders": signed,
            "signature": signature,
            "authorization": authorization,
        },
    }


CASES = [
    {"name": "GetFile, JSON body", "method": "POST", "url": "https://bj1.api.aliyunpds.com/v2/file/get",
     "time": "2026-01-01T00:00:00Z", "nonce": "11111111-2222-4333-8444-555555555555", "action": "GetFile",
     "accessKeyId": "LTAI5tExampleKeyId", "accessKeySecret": "example-access-key-secret",
     "body": '{"drive_id":"1","file_id":"5f2b0c"}'},
    {"name": "CompleteFile with an STS token and an extra x-acs header", "method": "POST",
     "url": "https://bj1.api.aliyunpds.com/v2/file/complete", "time": "2025-12-31T23:59:59Z",
     "nonce": "nonce-2", "action": "CompleteFile", "accessKeyId": "STS.NUexample",
     "accessKeySecret": "sts-secret", "securityToken": "CAISexampleSecurityToken==",
     "headers": {"x-acs-extra": "  padded value  "},
     "body": '{"drive_id":"1","file_id":"f","upload_id":"u","名":"文件"}'},
    {"name": "admin endpoint: the region comes from the host", "method": "POST",
     "url": "https://cn-hangzhou.admin.aliyunpds.com/v2/file/get", "time": "2026-02-28T12:34:56Z",
     "nonce": "n3", "action": "GetFile", "accessKeyId": "LTAIadmin", "accessKeySecret": "admin-secret",
     "body": "{}"},
    {"name": "empty body, query with an empty value, a flag, an escape and a form-encoded space",
     "method": "GET", "url": "https://bj1.api.aliyunpds.com/v2/x%20y?b=2&a=&flag&sp+ace=v+w&e=%C3%A9",
     "time": "2026-06-15T08:00:00Z", "nonce": "n4", "action": "GetFile", "accessKeyId": "LTAIq",
     "accessKeySecret": "q-secret", "headers": {"content-type": "text/plain"}, "body": ""},
]

VERIFY_BASE = {"method": "POST", "url": "https://bj1.api.aliyunpds.com/v2/file/get", "time": "2026-03-04T05:06:07Z",
               "nonce": "nonce-1", "action": "GetFile", "accessKeyId": "LTAIv4Example", "accessKeySecret": "v4-secret",
               "securityToken": "CAISv4token", "headers": {"x-acs-extra": "signed", "user-agent": "not signed"},
               "body": '{"drive_id":"1","file_id":"f"}'}

VERIFY_CASES = [
    {**VERIFY_BASE, "name": "base"},
    {**VERIFY_BASE, "name": "declared hash lies", "declaredContentSha256": sha256_hex(b"another body")},
    {**VERIFY_BASE, "name": "no body", "method": "GET", "headers": {}, "body": ""},
]

if __name__ == "__main__":
    cases = VERIFY_CASES if "--verify" in sys.argv[1:] else CASES
    print(json.dumps([sign(c) for c in cases], ensure_ascii=False, indent=2))
