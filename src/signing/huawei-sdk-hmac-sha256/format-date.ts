/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format (ISO 8601 basic, no fraction). */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
