import { formatAcsDate } from './format-date.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Strict inverse of `formatAcsDate`: only IMF-fixdate (RFC 7231 §7.1.1.1), with a weekday and
 * day of month that exist. `Date.parse` would accept far more and guess at the rest.
 */
export function parseAcsDate(text: string): Date | undefined {
  const m = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(text);
  if (!m) return undefined;
  const [, day, month, year, hour, minute, second] = m as unknown as string[];
  const monthIndex = MONTHS.indexOf(month!);
  if (monthIndex < 0) return undefined;
  const date = new Date(Date.UTC(Number(year), monthIndex, Number(day), Number(hour), Number(minute), Number(second)));
  // Round-tripping rejects a wrong weekday, 31 Feb, 25:00 and the like.
  return formatAcsDate(date) === text ? date : undefined;
}
