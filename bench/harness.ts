/**
 * Shared shape of `npm run bench` benchmarks: each module exports a `Benchmark` whose `run` returns
 * rows of measurements and ratios. Timing lives here and never in unit tests; goals are ratios
 * against a baseline measured in the same run, so they hold across machines of different speed.
 */
import { cpus, loadavg } from 'node:os';
import { passed } from './goals.js';

export interface BenchOptions {
  /** The project root (dist/ and node_modules/ are found from it; bench/subjects.ts). */
  root: string;
  /** Smaller inputs and fewer rounds, for a smoke run. */
  quick: boolean;
  /** Where a benchmark may write scratch files (under build/, gitignored). */
  scratchDir: string;
  log: (line: string) => void;
}

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** For ratios with a goal: the value must be >= goal (<= goal with `atMost`). */
  goal?: number;
  /** The goal is a ceiling (an overhead ratio), not a floor (a speed ratio). */
  atMost?: boolean;
  note?: string;
}

export interface BenchReport {
  rows: BenchRow[];
  /** Raw per-round numbers and anything else worth keeping in the JSON. */
  details?: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchReport>;
}

/** min / median / max of numbers, e.g. of per-round ratios. */
export function spread(values: number[]): { min: number; median: number; max: number } {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((row) => {
    const verdict = passed(row);
    return [
      row.metric,
      `${formatNumber(row.value)} ${row.unit}`.trim(),
      row.goal === undefined ? '' : `${row.atMost ? '<=' : '>='} ${row.goal}`,
      verdict === undefined ? '' : verdict ? 'pass' : 'FAIL',
      row.note ?? '',
    ];
  });
  const header = ['metric', 'value', 'goal', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  // Three decimals below 10, so a ratio of 1.053 against a goal of <= 1.05 does not print as 1.05 FAIL.
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(2) : value.toFixed(3);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function best(values: number[]): number {
  return Math.max(...values);
}

export function machine(): Record<string, string | number> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
  };
}

/** The 1-minute load average: above ~0.5 on 2 cores, other processes are competing for the CPU. */
export function load(): number {
  return loadavg()[0] ?? 0;
}

/** MB/s (10^6 bytes per second) of `bytes` processed in `ms` milliseconds. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / ms / 1e3;
}
