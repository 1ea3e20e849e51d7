/** `x-acs-date`: UTC as `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601 extended, no fraction). */
export function formatAcs4Date(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Strict inverse of `formatAcs4Date`; `undefined` for anything else (31 Feb, 25:00, a fraction). */
export function parseAcs4Date(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) return undefined;
  const date = new Date(text);
  // Round-tripping rejects what Date would roll over or guess.
  return !Number.isNaN(date.getTime()) && formatAcs4Date(date) === text ? date : undefined;
}

/** The scope date: the first 10 characters of x-acs-date without dashes (`YYYYMMDD`). */
export function scopeDate(acsDate: string): string {
  return acsDate.slice(0, 10).replace(/-/g, '');
}
