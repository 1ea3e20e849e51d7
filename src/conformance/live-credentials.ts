/**
 * Credentials for a live endpoint (`--base-url`), read from environment variables so they never
 * appear on a command line or in a shell history. Missing variables skip that provider's server
 * side; they are named (never their values) in the report.
 */
import type { ProviderId } from '../core/provider.js';
import type { ConformanceCredentials } from './types.js';

export interface CredentialVariable {
  name: string;
  description: string;
}

/** Per provider, the variables read, in `--help` order. */
export const liveCredentialVariables: Readonly<Record<ProviderId, readonly CredentialVariable[]>> = {
  'aliyun-pds': [
    { name: 'DRIVESPEC_PDS_ACCESS_TOKEN', description: 'access token (Authorization: Bearer)' },
    { name: 'DRIVESPEC_PDS_ACCESS_KEY_ID', description: 'or an AccessKey id ...' },
    { name: 'DRIVESPEC_PDS_ACCESS_KEY_SECRET', description: '... and its secret (acs signature)' },
  ],
  'huawei-metastudio': [
    { name: 'DRIVESPEC_METASTUDIO_PROJECT_ID', description: 'project id (required)' },
    { name: 'DRIVESPEC_METASTUDIO_TOKEN', description: 'IAM token (X-Auth-Token)' },
    { name: 'DRIVESPEC_METASTUDIO_AK', description: 'or an access key ...' },
    { name: 'DRIVESPEC_METASTUDIO_SK', description: '... and its secret key (SDK-HMAC-SHA256)' },
  ],
  'tencent-smh': [
    { name: 'DRIVESPEC_SMH_ACCESS_TOKEN', description: 'access token (access_token query parameter)' },
    { name: 'DRIVESPEC_SMH_LIBRARY_ID', description: 'library id' },
  ],
  'huawei-koodrive': [
    { name: 'DRIVESPEC_KOODRIVE_ACCESS_TOKEN', description: 'access token (Authorization: Bearer)' },
    { name: 'DRIVESPEC_KOODRIVE_USER_ID', description: 'user id (X-User-Id)' },
  ],
};

/** What a provider needs, as a sentence for a skip reason. */
export const liveCredentialHint: Readonly<Record<ProviderId, string>> = {
  'aliyun-pds': 'set DRIVESPEC_PDS_ACCESS_TOKEN, or DRIVESPEC_PDS_ACCESS_KEY_ID and DRIVESPEC_PDS_ACCESS_KEY_SECRET',
  'huawei-metastudio':
    'set DRIVESPEC_METASTUDIO_PROJECT_ID and DRIVESPEC_METASTUDIO_TOKEN (or DRIVESPEC_METASTUDIO_AK and DRIVESPEC_METASTUDIO_SK)',
  'tencent-smh': 'set DRIVESPEC_SMH_ACCESS_TOKEN and DRIVESPEC_SMH_LIBRARY_ID',
  'huawei-koodrive': 'set DRIVESPEC_KOODRIVE_ACCESS_TOKEN and DRIVESPEC_KOODRIVE_USER_ID',
};

/** The credentials the environment gives, per provider; a provider missing a required value is left out. */
export function credentialsFromEnv(env: Record<string, string | undefined>): Partial<ConformanceCredentials> {
  const get = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const out: Partial<ConformanceCredentials> = {};

  const pdsToken = get('DRIVESPEC_PDS_ACCESS_TOKEN');
  const pdsKeyId = get('DRIVESPEC_PDS_ACCESS_KEY_ID');
  const pdsKeySecret = get('DRIVESPEC_PDS_ACCESS_KEY_SECRET');
  if (pdsToken) out['aliyun-pds'] = { accessToken: pdsToken };
  else if (pdsKeyId && pdsKeySecret) out['aliyun-pds'] = { accessKeyId: pdsKeyId, accessKeySecret: pdsKeySecret };

  const projectId = get('DRIVESPEC_METASTUDIO_PROJECT_ID');
  const msToken = get('DRIVESPEC_METASTUDIO_TOKEN');
  const ak = get('DRIVESPEC_METASTUDIO_AK');
  const sk = get('DRIVESPEC_METASTUDIO_SK');
  if (projectId && msToken) out['huawei-metastudio'] = { projectId, token: msToken, ...(ak && sk ? { ak, sk } : {}) };
  else if (projectId && ak && sk) out['huawei-metastudio'] = { projectId, ak, sk };

  const smhToken = get('DRIVESPEC_SMH_ACCESS_TOKEN');
  const libraryId = get('DRIVESPEC_SMH_LIBRARY_ID');
  if (smhToken && libraryId) out['tencent-smh'] = { accessToken: smhToken, libraryId };

  const kdToken = get('DRIVESPEC_KOODRIVE_ACCESS_TOKEN');
  const userId = get('DRIVESPEC_KOODRIVE_USER_ID');
  if (kdToken && userId) out['huawei-koodrive'] = { accessToken: kdToken, userId };

  return out;
}
