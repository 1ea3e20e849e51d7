/** The provider ids: folder, file and export names throughout drivespec. */
export const providerIds = ['aliyun-pds', 'huawei-metastudio', 'tencent-smh', 'huawei-koodrive'] as const;
export type ProviderId = (typeof providerIds)[number];

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value);
}
