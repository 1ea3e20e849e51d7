/**
 * The three forms of a spec diff: pretty (a terminal), json (tools; one object, parseable) and
 * markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`). Spec text reaches all three, so
 * control characters are made visible (a hostile spec must not drive the terminal) and Markdown
 * table cells are escaped.
 */
import type { ViewValue } from './comparable-view.js';
import type { SpecChange, SpecDiff } from './diff-specs.js';

export const specDiffFormats = ['pretty', 'json', 'markdown'] as const;
export type SpecDiffFormat = (typeof specDiffFormats)[number];

export interface DiffNames {
  old: string;
  new: string;
}

function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function counts(d: SpecDiff): string {
  if (d.changes.length === 0) return 'no changes';
  const n = d.changes.length;
  return `${n} change${n === 1 ? '' : 's'} (${d.breaking} breaking, ${d.nonBreaking} non-breaking)`;
}

function where(c: SpecChange): string {
  return c.keyword ? `${c.path} ${c.keyword}` : c.path;
}

export function formatPrettyDiff(d: SpecDiff, names: DiffNames): string {
  const lines = [visible(`${names.old} → ${names.new}: ${counts(d)}`)];
  for (const c of d.changes) {
    const tag = c.severity === 'breaking' ? 'BREAKING    ' : 'non-breaking';
    lines.push(visible(`  ${tag}  ${c.message}`), visible(`                ${where(c)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A set as a sorted list; an enum's members back to their JSON values (the view keys them as JSON text). */
function plain(value: ViewValue | undefined, keyword: string | undefined): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const members = Object.keys(value).sort();
  return keyword === 'enum' ? members.map((m) => JSON.parse(m) as unknown) : members;
}

export function formatJsonDiff(d: SpecDiff, names: DiffNames): string {
  const changes = d.changes.map((c) => ({
    ...c,
    ...(c.before !== undefined ? { before: plain(c.before, c.keyword) } : {}),
    ...(c.after !== undefined ? { after: plain(c.after, c.keyword) } : {}),
  }));
  return `${JSON.stringify({ old: names.old, new: names.new, breaking: d.breaking, nonBreaking: d.nonBreaking, changes }, null, 2)}\n`;
}

function cell(text: string): string {
  return visible(text).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('`', "'").replaceAll('<', '&lt;');
}

export function formatMarkdownDiff(d: SpecDiff, names: DiffNames): string {
  const lines = [`### Spec changes: ${cell(names.old)} → ${cell(names.new)}`, '', `${counts(d)}.`];
  if (d.changes.length > 0) {
    lines.push('', '| | operation | change | path |', '|---|---|---|---|');
    for (const c of d.changes) {
      const tag = c.severity === 'breaking' ? '**breaking**' : 'non-breaking';
      lines.push(`| ${tag} | ${cell(c.operationId ?? '')} | ${cell(c.message)} | \`${visible(where(c)).replaceAll('`', "'").replaceAll('|', '\\|')}\` |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatSpecDiff(d: SpecDiff, names: DiffNames, format: SpecDiffFormat): string {
  if (format === 'json') return formatJsonDiff(d, names);
  if (format === 'markdown') return formatMarkdownDiff(d, names);
  return formatPrettyDiff(d, names);
}
