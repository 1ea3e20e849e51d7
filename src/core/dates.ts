/** `yyyyMMddTHHmmssZ` in UTC (ISO 8601 basic, no fraction): Huawei's `X-Sdk-Date` and KooDrive's `X-Date`. */
export function compactUtcDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
