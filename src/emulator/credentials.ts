/**
 * The emulator's default credentials. They are local test values, not secrets of any real
 * account, and are printed by `drivespec emulate` on purpose. The identifiers (PDS domain `bj1`,
 * the MetaStudio project, SMH library `smhdocs`) are the ones the specs' documented examples use,
 * so documented example pairs can be replayed against the emulator as they are.
 */
import { ConfigurationError } from '../core/errors.js';
import type { EmulatorCredentialOverrides, EmulatorCredentials } from './types.js';

export const defaultEmulatorCredentials: EmulatorCredentials = Object.freeze({
  'aliyun-pds': Object.freeze({
    accessToken: 'emulator-pds-access-token',
    shareToken: 'emulator-pds-share-token',
    accessKeyId: 'EMULATORPDSACCESSKEY',
    accessKeySecret: 'emulator-pds-access-key-secret',
    // specs/aliyun-pds.yaml servers: domain_id default `bj1` (GetFile's example).
    domainId: 'bj1',
  }),
  'huawei-metastudio': Object.freeze({
    token: 'emulator-metastudio-iam-token',
    ak: 'EMULATORMETASTUDIOAK0',
    sk: 'emulator-metastudio-secret-key',
    // docs/huawei-metastudio-ConfirmFileUpload.txt (Example Requests).
    projectId: '6a6a1f8354f64dd9b9a614def7b59d83',
  }),
  'tencent-smh': Object.freeze({
    accessToken: 'emulator-smh-access-token',
    // specs/tencent-smh.yaml (LibraryId example `smhdocs`).
    libraryId: 'smhdocs',
  }),
  'huawei-koodrive': Object.freeze({
    accessToken: 'emulator-koodrive-access-token',
    userId: 'emulator-koodrive-user',
  }),
}) as EmulatorCredentials;

const providerKeys = Object.keys(defaultEmulatorCredentials) as (keyof EmulatorCredentials)[];

/**
 * Defaults, then what a state file remembered, then the caller's overrides. Every value must be a
 * non-empty printable string without whitespace (they travel in headers and URLs).
 */
export function mergeCredentials(...layers: (EmulatorCredentialOverrides | undefined)[]): EmulatorCredentials {
  const out = {} as Record<string, Record<string, string>>;
  for (const provider of providerKeys) {
    const merged: Record<string, string> = { ...defaultEmulatorCredentials[provider] };
    for (const layer of layers) {
      const part = layer?.[provider] as Record<string, unknown> | undefined;
      if (part === undefined) continue;
      if (part === null || typeof part !== 'object') {
        throw new ConfigurationError(`credentials.${provider}`, 'must be an object');
      }
      for (const [name, value] of Object.entries(part)) {
        if (!(name in merged)) throw new ConfigurationError(`credentials.${provider}.${name}`, 'is not a known field');
        if (value === undefined) continue;
        if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
          throw new ConfigurationError(
            `credentials.${provider}.${name}`,
            'must be a non-empty string of printable ASCII without spaces',
          );
        }
        merged[name] = value;
      }
    }
    out[provider] = Object.freeze(merged);
  }
  for (const layer of layers) {
    for (const key of Object.keys(layer ?? {})) {
      if (!(providerKeys as string[]).includes(key)) throw new ConfigurationError(`credentials.${key}`, 'is not a provider id');
    }
  }
  // Frozen: the running emulator checks requests against this very object.
  return Object.freeze(out) as unknown as EmulatorCredentials;
}
