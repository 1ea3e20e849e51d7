/** The report as JSON, for CI and other tools (the `ConformanceReport` type is its schema). */
import type { ConformanceReport } from './types.js';

export function formatJsonReport(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
