/** `yyyyMMddTHHmmssZ` in UTC: Huawei's `X-Sdk-Date` and KooDrive's `X-Date`. */
export function compactUtcDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
