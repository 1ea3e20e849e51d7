import { hmacSha256 } from '../../platform/crypto.js';
import { PRODUCT, SCOPE_TERMINATOR, SECRET_PREFIX } from './constants.js';

/**
 * `HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, YYYYMMDD), region), "pds"), "aliyun_v4_request")`,
 * raw bytes at each step. The result is as secret as the AccessKey secret (for that day and
 * region): never print or log it.
 */
export async function acs4SigningKey(accessKeySecret: string, date: string, region: string): Promise<Uint8Array> {
  const k1 = await hmacSha256(`${SECRET_PREFIX}${accessKeySecret}`, date);
  const k2 = await hmacSha256(k1, region);
  const k3 = await hmacSha256(k2, PRODUCT);
  return hmacSha256(k3, SCOPE_TERMINATOR);
}

/** How many (secret, date, region) keys are kept: a client uses one a day per endpoint. */
export const SIGNING_KEY_CACHE_SIZE = 8;

/**
 * The most recently derived signing keys, by scope and secret. Module-private and never
 * handed out (callers of `acs4SigningKey` get fresh bytes they may change), so a cached key can
 * neither be altered nor shown; it holds what the secret it was derived from already allows.
 */
const cache = new Map<string, Uint8Array>();

/**
 * `acs4SigningKey`, remembered: the four HMACs are the same for every request of a day with one
 * secret and region (the product is always `pds`), so only the first request of the day derives
 * them. At most SIGNING_KEY_CACHE_SIZE keys are kept; the least recently used goes first.
 */
export async function cachedAcs4SigningKey(accessKeySecret: string, date: string, region: string): Promise<Uint8Array> {
  // Date and region cannot hold a newline (YYYYMMDD, a host label), so the key is unambiguous.
  const id = `${date}\n${region}\n${accessKeySecret}`;
  const hit = cache.get(id);
  if (hit !== undefined) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const key = await acs4SigningKey(accessKeySecret, date, region);
  if (!cache.has(id) && cache.size >= SIGNING_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(id, key);
  return key;
}
