/**
 * MetaStudio assets: `CreateDigitalAsset` (`POST /v1/{project_id}/digital-assets`) and the look-up
 * `ShowAsset` (`GET /v1/{project_id}/digital-assets/{asset_id}`), which lists the asset's files
 * with their state (MetaStudio has no per-file show or list; docs/upload/huawei-metastudio-upload.md §5).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { components } from '../../../../generated/huawei-metastudio/types.js';
import type { Answer } from '../../answer.js';
import { key, type MetaStudioAssetRecord, type MetaStudioFileRecord, type EmulatorState } from '../../state.js';
import type { ProviderEnv, RequestContext } from '../provider.js';
import { huaweiError } from './errors.js';

type AssetFileInfo = components['schemas']['AssetFileInfo'];
type ShowAssetResponse = components['schemas']['ShowAssetResponse'];

/** Times as MetaStudio writes them (`2026-01-01T00:00:00Z`, no fraction). */
export function metaStudioTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export function assetNotFound(requestId: string): Answer {
  // MetaStudio's Error Codes table: MSS.10001001 is HTTP 400 (specs/huawei-metastudio.yaml, ShowAsset decisions).
  return huaweiError(400, 'MSS.10001001', 'The asset not found', requestId);
}

export function createDigitalAsset(
  env: ProviderEnv,
  ctx: RequestContext,
  projectId: string,
  body: components['schemas']['CreateDigitalAssetRequest'],
  appUserId: string | undefined,
): Answer {
  const now = metaStudioTime(ctx.now);
  // Ids shaped like MetaStudio's (32 hex digits); random, as the service's are.
  const asset: MetaStudioAssetRecord = {
    projectId,
    assetId: randomUUID().replaceAll('-', ''),
    produceId: randomBytes(8).toString('hex'),
    name: body.asset_name,
    type: body.asset_type,
    ...(body.asset_description !== undefined ? { description: body.asset_description } : {}),
    ...(body.tags !== undefined ? { tags: [...body.tags] } : {}),
    ...(appUserId !== undefined ? { appUserId } : {}),
    fileIds: [],
    createdAt: now,
    updatedAt: now,
  };
  env.state.metaStudioAssets.set(key(projectId, asset.assetId), asset);
  env.commit();
  return { status: 200, body: { asset_id: asset.assetId, produce_id: asset.produceId } };
}

/** The files of an asset that still count (a failed or cancelled upload does not hold its category's slot). */
export function liveFiles(state: EmulatorState, asset: MetaStudioAssetRecord): MetaStudioFileRecord[] {
  return filesOf(state, asset).filter((f) => f.state === 'UPLOADING' || f.state === 'CREATED');
}

function filesOf(state: EmulatorState, asset: MetaStudioAssetRecord): MetaStudioFileRecord[] {
  return asset.fileIds.flatMap((id) => state.metaStudioFiles.get(key(asset.projectId, id)) ?? []);
}

/**
 * specs/huawei-metastudio.yaml (ShowAsset decisions): ACTIVED once the main file is confirmed,
 * FAILED once its upload is confirmed failed, CREATING otherwise.
 */
function assetState(files: readonly MetaStudioFileRecord[]): string {
  const main = files.filter((f) => f.upload?.category === 'MAIN');
  if (main.some((f) => f.state === 'CREATED')) return 'ACTIVED';
  return main.at(-1)?.state === 'FAILED' ? 'FAILED' : 'CREATING';
}

function fileInfo(file: MetaStudioFileRecord): AssetFileInfo {
  const u = file.upload!;
  return {
    file_id: file.fileId,
    file_name: u.fileName,
    file_md5: u.fileMd5,
    file_size: u.fileSize,
    file_type: u.fileType,
    asset_file_category: u.category,
    // PY asset_file_info.py: CREATING while uploading (the emulator's UPLOADING).
    state: file.state === 'UPLOADING' ? 'CREATING' : file.state,
  };
}

export function showAsset(env: ProviderEnv, ctx: RequestContext, projectId: string, assetId: string): Answer {
  const asset = env.state.metaStudioAssets.get(key(projectId, assetId));
  if (!asset) return assetNotFound(ctx.requestId);
  const files = filesOf(env.state, asset).filter((f) => f.upload !== undefined);
  const body: ShowAssetResponse = {
    project_id: asset.projectId,
    asset_id: asset.assetId,
    produce_id: asset.produceId,
    asset_name: asset.name,
    ...(asset.description !== undefined ? { asset_description: asset.description } : {}),
    ...(asset.appUserId !== undefined ? { app_user_id: asset.appUserId } : {}),
    create_time: asset.createdAt,
    update_time: asset.updatedAt,
    asset_type: asset.type,
    asset_state: assetState(files),
    ...(asset.tags !== undefined ? { tags: [...asset.tags] } : {}),
    files: files.map(fileInfo),
  };
  return { status: 200, body };
}
