/**
 * MetaStudio's documented rules for the files of an asset (docs/upload/huawei-metastudio-upload.md,
 * from CreateDigitalAsset's and CreateFile's pages and the Python SDK's models): which categories
 * an asset type takes and how large its main file may be. (The headers the OBS PUT must carry are
 * the spec's: CreateFile's `x-drivespec-transfer.requestHeaders`, src/core/transfer-headers.ts.)
 */

/** PY (huaweicloudsdkmetastudio files_create_req.py): categories per asset type; types not listed take any category. */
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  PPT: ['MAIN', 'COVER', 'PAGE', 'OTHER'],
  VOICE_MODEL: ['MAIN', 'SAMPLE', 'OTHER'],
  HUMAN_MODEL_2D: ['MAIN', 'COVER', 'SAMPLE', 'OTHER'],
  BUSINESS_CARD_TEMPLET: ['MAIN', 'COVER'],
  IMAGE: ['MAIN'],
  VIDEO: ['MAIN', 'COVER'],
};

export function allowedCategories(assetType: string): readonly string[] | undefined {
  return Object.hasOwn(CATEGORIES, assetType) ? CATEGORIES[assetType] : undefined;
}

const MB = 1024 * 1024;
/** CreateDigitalAsset's page: the main file's largest size per asset type (5 GB is also CreateFile's file_size maximum). */
const MAIN_FILE_LIMITS: Readonly<Record<string, number>> = {
  VIDEO: 5 * 1024 * MB,
  IMAGE: 50 * MB,
  MUSIC: 100 * MB,
  AUDIO: 100 * MB,
  PPT: 100 * MB,
};

export function mainFileLimit(assetType: string): number | undefined {
  return Object.hasOwn(MAIN_FILE_LIMITS, assetType) ? MAIN_FILE_LIMITS[assetType] : undefined;
}
