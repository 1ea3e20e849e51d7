/**
 * How the server side provokes each documented class of answer (`x-drivespec-conformance[].scenario`):
 * what to seed in the emulator, which credentials to send, which request. Against a live endpoint
 * nothing can be seeded, so only the scenarios that need no state run there, and only those the
 * harness can honestly provoke with what it was given (a wrong signature needs the real key).
 */
import type { ProviderId } from '../core/provider.js';
import type { GeneratedValidator } from '../core/validation.js';
import type { RunningEmulator } from './emulator-contract.js';
import type { CredentialVariant, HarnessClient } from './provider-clients.js';
import type { ProviderSpec } from './provider-specs.js';
import type { ConformanceCredentials, ConformancePair, PairRequest } from './types.js';

export type TargetKind = 'emulator' | 'live';

export interface ServerPlan {
  /** What the checked call sends (documented values, with the target's own library/project ids). */
  request: PairRequest;
  variant: CredentialVariant;
  /** When set, this body is sent through the raw client instead (the typed client would refuse it). */
  brokenBody?: { body: unknown; description: string };
  /** Seeds the emulator; it has been reset just before. */
  seed?: (emulator: RunningEmulator) => void;
  /** Calls made with valid credentials before the checked one. */
  prepare?: (client: HarnessClient) => Promise<void>;
  note?: string;
}

export type ServerPlanResult = { plan: ServerPlan } | { skip: string };

/**
 * The documented examples' content hashes are those of the ASCII bytes `123456789` (CRC-64/XZ
 * 11051210869376104954, SHA-256 15e2b0d3...; PROVIDERS.md, Content hashes), so seeding that
 * content makes the documented request's hash match.
 */
export const MATCHING_CONTENT = '123456789';
/** Any other content makes it mismatch. */
export const MISMATCHING_CONTENT = 'drivespec conformance: not the content the documented hash describes';
/** Where SMH uploads are seeded (any path works; the conflict scenario puts a file there too). */
export const SMH_SEED_PATH = ['drivespec-conformance', 'file.docx'];
/** KooDrive UploadUrl's documented request asks for parts 46-50 of 10 MiB: a file of 50 such parts. */
const KOODRIVE_SEED_LENGTH = 50 * 10 * 1024 * 1024;
/** Where the file an SMH instant-upload pair matches is seeded (not the pairs' own target path). */
export const SMH_INSTANT_SOURCE_PATH = ['drivespec-conformance', 'instant-source.mp4'];

/**
 * `bytes(range(256)) * 10240` (2.5 MiB): the content whose beginningHash and fullHash the SMH
 * instant-upload examples carry (shared/docs/upload/tencent-smh-upload.md §7).
 */
export function smhInstantPattern(): Uint8Array {
  const out = new Uint8Array(2_621_440);
  for (let i = 0; i < out.length; i++) out[i] = i & 0xff;
  return out;
}
/** PDS GetFile's file is made by completing this upload first. */
const PDS_SEED_UPLOAD_ID = 'DRIVESPECCONFORMANCEUPLOAD';
/** PDS CreateFile's pairs find this completed file (its drive, its content). */
const PDS_SEED_FILE_ID = 'DRIVESPECCONFORMANCEFILE';

/**
 * The documented request, aimed at the target's own library (SMH) or project (MetaStudio): the
 * target's credentials grant those, not the docs' illustrative ids.
 */
export function targetRequest<P extends ProviderId>(
  provider: P,
  request: PairRequest,
  credentials: ConformanceCredentials[P],
): PairRequest {
  const path = { ...request.path };
  if (provider === 'huawei-metastudio' && 'project_id' in path) {
    path.project_id = (credentials as ConformanceCredentials['huawei-metastudio']).projectId;
  }
  if (provider === 'tencent-smh' && 'LibraryId' in path) {
    path.LibraryId = (credentials as ConformanceCredentials['tencent-smh']).libraryId;
  }
  return { ...request, path };
}

export interface PlanInput {
  spec: ProviderSpec;
  pair: ConformancePair;
  /** Already aimed at the target (`targetRequest`). */
  request: PairRequest;
  credentials: ConformanceCredentials[keyof ConformanceCredentials];
  target: TargetKind;
}

export function planServerCheck(input: PlanInput): ServerPlanResult {
  const { spec, pair, request, target } = input;
  const scenario = pair.scenario;
  const provider = spec.provider;

  if (target === 'live' && !['invalid-parameter', 'unauthorized', 'not-found'].includes(scenario)) {
    return { skip: `the ${scenario} scenario needs the target seeded (an upload, a file or a fault): emulator only` };
  }
  const upload = (content: string) => (target === 'emulator' ? seedUpload(input, content) : undefined);
  const seeded = (content: string): ServerPlanResult => {
    const s = upload(content);
    if (target === 'emulator' && !s) return { skip: `the harness knows no way to seed ${provider} ${pair.operationId}` };
    return { plan: { request, variant: 'valid', ...(s ? s : {}) } };
  };

  switch (scenario) {
    case 'success':
      return seeded(MATCHING_CONTENT);
    case 'not-found':
      // Nothing seeded: every id is unknown to a freshly reset emulator.
      return { plan: { request, variant: 'valid' } };
    case 'unauthorized': {
      const base = seeded(MATCHING_CONTENT);
      if ('skip' in base) return base;
      const variant = unauthorizedVariant(provider, pair);
      if (variant === 'wrong-signature' && target === 'live' && !(input.credentials as { ak?: string }).ak) {
        // Signing with an invented key provokes "unknown key", a scenario the docs show no answer for.
        return { skip: 'a wrong AK/SK signature needs the target’s own access key: set DRIVESPEC_METASTUDIO_AK and DRIVESPEC_METASTUDIO_SK' };
      }
      const token = tokenCredential[provider];
      if (variant === 'wrong-token' && target === 'live' && !(input.credentials as Record<string, unknown>)[token.field]) {
        // A target set up with another kind of credential (AK/SK) is not judged on a kind it was not given.
        return { skip: `a wrong access token is judged only where a token is given: set ${token.variable}` };
      }
      return {
        plan: {
          ...base.plan,
          variant,
          note: variant === 'wrong-signature' ? 'sent an AK/SK signature made with a wrong secret' : 'sent a wrong access token',
        },
      };
    }
    case 'invalid-parameter': {
      const base = seeded(MATCHING_CONTENT);
      if ('skip' in base) return base;
      const op = spec.operations[pair.operationId];
      const validator = op?.requestBody ? spec.validators[op.requestBody.validator] : undefined;
      if (!validator) return { skip: 'the operation has no request body to break' };
      const broken = breakBody(request.body, validator);
      if (!broken) return { skip: 'found no way to break the documented body against its schema' };
      return { plan: { ...base.plan, brokenBody: broken, note: `sent ${broken.description}, through the raw client` } };
    }
    case 'hash-mismatch': {
      const base = seeded(MISMATCHING_CONTENT);
      if ('skip' in base) return base;
      return { plan: { ...base.plan, note: 'seeded content whose hash differs from the request' } };
    }
    case 'conflict': {
      if (provider === 'aliyun-pds' && pair.operationId === 'CreateFile') {
        // PDS 409 PreHashMatched: the seeded file's first KiB is what the request's pre_hash describes.
        const pds = seeded(MATCHING_CONTENT);
        if ('skip' in pds) return pds;
        return { plan: { ...pds.plan, note: 'stored a file whose first 1 KiB has the request’s pre_hash' } };
      }
      if (provider !== 'tencent-smh') return { skip: `the harness knows no way to provoke a conflict from ${provider}` };
      const base = seeded(MATCHING_CONTENT);
      if ('skip' in base) return base;
      const seedUploadOnly = base.plan.seed;
      const path = request.path as { LibraryId?: string; SpaceId?: string };
      return {
        plan: {
          ...base.plan,
          seed: (emulator) => {
            seedUploadOnly?.(emulator);
            emulator.seed.smhFile({ ...smhSpace(path), path: SMH_SEED_PATH, content: 'an existing file' });
          },
          note: 'seeded a file with the upload’s name',
        },
      };
    }
    case 'internal-error': {
      const status = pair.response.status;
      if (status !== 500 && status !== 503) return { skip: `the emulator can fault with 500 or 503, not ${status}` };
      const base = seeded(MATCHING_CONTENT);
      if ('skip' in base) return base;
      const seedUploadOnly = base.plan.seed;
      return {
        plan: {
          ...base.plan,
          seed: (emulator) => {
            seedUploadOnly?.(emulator);
            emulator.seed.fault({ provider, operationId: pair.operationId, status, count: 1 });
          },
          note: `the emulator was told to fail the next ${pair.operationId} with ${status}`,
        },
      };
    }
    default:
      return { skip: `the harness knows no way to provoke the ${scenario} scenario` };
  }
}

/** Per provider, the credential field a wrong-token pair stands in for, and the variable that gives it. */
const tokenCredential: Readonly<Record<ProviderId, { field: string; variable: string }>> = {
  'aliyun-pds': { field: 'accessToken', variable: 'DRIVESPEC_PDS_ACCESS_TOKEN' },
  'huawei-metastudio': { field: 'token', variable: 'DRIVESPEC_METASTUDIO_TOKEN' },
  'tencent-smh': { field: 'accessToken', variable: 'DRIVESPEC_SMH_ACCESS_TOKEN' },
  'huawei-koodrive': { field: 'accessToken', variable: 'DRIVESPEC_KOODRIVE_ACCESS_TOKEN' },
};

/**
 * Huawei's API gateway answers `APIGW.0301` to a bad AK/SK signature; MetaStudio's own
 * `MSS.00000001` is the answer to a bad token (PROVIDERS.md, huawei-metastudio Errors).
 */
function unauthorizedVariant(provider: ProviderId, pair: ConformancePair): CredentialVariant {
  const body = pair.response.body as { error_code?: unknown } | undefined;
  const gateway = typeof body?.error_code === 'string' && body.error_code.startsWith('APIGW.');
  return provider === 'huawei-metastudio' && gateway ? 'wrong-signature' : 'wrong-token';
}

function smhSpace(path: { LibraryId?: string; SpaceId?: string }): { libraryId?: string; spaceId?: string } {
  return {
    ...(path.LibraryId !== undefined ? { libraryId: path.LibraryId } : {}),
    ...(path.SpaceId !== undefined ? { spaceId: path.SpaceId } : {}),
  };
}

/** The emulator state under which the documented request is the one that completes an upload. */
function seedUpload(input: PlanInput, content: string): Pick<ServerPlan, 'seed' | 'prepare'> | undefined {
  const { spec, pair, request } = input;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (spec.provider) {
    case 'aliyun-pds': {
      const driveId = str(body.drive_id);
      if (pair.operationId === 'CreateFile') {
        // A completed file with the content in the request's drive: the drive exists, and the
        // rapid-upload pairs' pre_hash / content_hash describe it (the ASCII bytes 123456789).
        if (!driveId) return undefined;
        return {
          seed: (e) => e.seed.pdsUpload({ driveId, fileId: PDS_SEED_FILE_ID, uploadId: PDS_SEED_UPLOAD_ID, content }),
          prepare: async (client) => {
            await client.call('CompleteFile', {
              path: {},
              query: {},
              header: {},
              body: { drive_id: driveId, file_id: PDS_SEED_FILE_ID, upload_id: PDS_SEED_UPLOAD_ID },
            });
          },
        };
      }
      const fileId = str(body.file_id);
      if (!driveId || !fileId) return undefined;
      if (pair.operationId === 'GetUploadUrl' || pair.operationId === 'ListUploadedParts') {
        // An open upload with the documented ids.
        const uploadId = str(body.upload_id);
        if (!uploadId) return undefined;
        return { seed: (e) => e.seed.pdsUpload({ driveId, fileId, uploadId, content }) };
      }
      if (pair.operationId === 'CompleteFile') {
        const uploadId = str(body.upload_id);
        if (!uploadId) return undefined;
        return { seed: (e) => e.seed.pdsUpload({ driveId, fileId, uploadId, content }) };
      }
      if (pair.operationId === 'GetFile') {
        // A file exists once its upload is complete: seed an upload and complete it.
        return {
          seed: (e) => e.seed.pdsUpload({ driveId, fileId, uploadId: PDS_SEED_UPLOAD_ID, content }),
          prepare: async (client) => {
            await client.call('CompleteFile', {
              path: {},
              query: {},
              header: {},
              body: { drive_id: driveId, file_id: fileId, upload_id: PDS_SEED_UPLOAD_ID },
            });
          },
        };
      }
      return undefined;
    }
    case 'huawei-metastudio': {
      const projectId = str(request.path.project_id);
      const project = projectId ? { projectId } : {};
      switch (pair.operationId) {
        case 'ConfirmFileUpload': {
          const fileId = str(request.path.file_id);
          if (!fileId) return undefined;
          return { seed: (e) => e.seed.metaStudioUpload({ fileId, ...project }) };
        }
        case 'CreateDigitalAsset':
          // Needs nothing: any project the credentials grant takes a new asset.
          return {};
        case 'CreateFile':
        case 'ShowAsset': {
          // The asset the documented request names (CreateFile's body, ShowAsset's path), a VIDEO
          // asset as in the documented file (a 1 MiB mp4 main file).
          const assetId = str(pair.operationId === 'CreateFile' ? body.asset_id : request.path.asset_id);
          if (!assetId) return undefined;
          return { seed: (e) => e.seed.metaStudioAsset({ assetId, assetType: 'VIDEO', ...project }) };
        }
        default:
          return undefined;
      }
    }
    case 'tencent-smh': {
      const path = request.path as { LibraryId?: string; SpaceId?: string; ConfirmKey?: string };
      if (pair.operationId === 'InitUpload' || pair.operationId === 'InitMultipartUpload') {
        // A start needs only the library; an instant-upload pair needs a stored file whose SMH
        // hashes are the documented ones (the 2.5 MiB pattern of the examples).
        if (typeof body.beginningHash !== 'string') return {};
        return { seed: (e) => e.seed.smhFile({ ...smhSpace(path), path: SMH_INSTANT_SOURCE_PATH, content: smhInstantPattern() }) };
      }
      const confirmKey = path.ConfirmKey;
      if (!confirmKey) return undefined;
      if (pair.operationId !== 'ConfirmUpload') {
        // Renew, status and cancel work on a multipart upload in progress.
        return { seed: (e) => e.seed.smhUpload({ ...smhSpace(path), confirmKey, path: SMH_SEED_PATH, multipart: true }) };
      }
      return { seed: (e) => e.seed.smhUpload({ ...smhSpace(path), confirmKey, path: SMH_SEED_PATH, content }) };
    }
    case 'huawei-koodrive': {
      // CreateFile needs nothing: a fresh emulator has the folder `root` the request names.
      if (pair.operationId === 'CreateFile') return {};
      const fileId = str(body.fileId);
      if (!fileId) return undefined;
      const userId = (input.credentials as ConformanceCredentials['huawei-koodrive']).userId;
      if (pair.operationId === 'UploadUrl') {
        // An upload as CreateFile starts it, long enough for the documented parts (46-50 of 10 MiB).
        return { seed: (e) => e.seed.koodriveUpload({ userId, fileId, length: KOODRIVE_SEED_LENGTH }) };
      }
      return { seed: (e) => e.seed.koodriveUpload({ userId, fileId, content }) };
    }
    default:
      return undefined;
  }
}

/**
 * A body that the schema rejects but that still reaches the server as JSON: one documented field
 * given a value of the wrong type, the first field for which the validator says no.
 */
export function breakBody(
  body: unknown,
  validator: GeneratedValidator,
): { body: unknown; description: string } | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) {
      const wrong = wrongType(value);
      const candidate = { ...body, [key]: wrong.value };
      if (!validator(candidate)) return { body: candidate, description: `${key} as ${wrong.description}` };
    }
  }
  const candidate = ['drivespec-conformance'];
  if (!validator(candidate)) return { body: candidate, description: 'an array instead of the documented object' };
  return undefined;
}

function wrongType(value: unknown): { value: unknown; description: string } {
  if (typeof value === 'string') return { value: 12345, description: 'a number' };
  if (typeof value === 'number') return { value: 'not-a-number', description: 'a string' };
  if (typeof value === 'boolean') return { value: 'not-a-boolean', description: 'a string' };
  return { value: 12345, description: 'a number' };
}
