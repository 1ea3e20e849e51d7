import { compactUtcDate } from '../../core/dates.js';

/**
 * `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format (ISO 8601 basic, no fraction); KooDrive's
 * X-Date uses the same format, so both share one implementation.
 */
export const formatSdkDate: (date: Date) => string = compactUtcDate;
