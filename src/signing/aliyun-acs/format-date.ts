/** RFC 7231 IMF-fixdate (`Thu, 01 Jan 2026 00:00:00 GMT`), the RFC 1123 form HTTP's Date uses. */
export function formatAcsDate(date: Date): string {
  return date.toUTCString();
}
