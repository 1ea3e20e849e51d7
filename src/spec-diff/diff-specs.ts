/**
 * Every change between two versions of an OpenAPI 3.1 document, classified for a consumer of the
 * generated client (rules.ts).
 *
 * Why microdiff on our own comparable view rather than an OpenAPI diff tool: `openapi-diff`
 * refuses 3.1 documents; `api-smart-diff` reads them as 3.0 and misclassifies (`type: [string,
 * 'null']`, 2020-12 keywords); Optic's `@useoptic/openapi-utilities` is archived (the project
 * closed in 2026); `oasdiff` and libopenapi are Go. microdiff (zero dependencies, well kept) finds
 * the changes; comparable-view.ts lays each spec out so that a change is one entry and one
 * keyword, and rules.ts says what it means for the caller.
 */
import diff from 'microdiff';
import { comparableView, defaultViewLimits, type ComparableView, type EntryMeta, type Side, type ViewLimits, type ViewValue } from './comparable-view.js';
import { classifyEntry, classifyKeyword, type Severity } from './rules.js';

export type { Severity } from './rules.js';

export interface SpecChange {
  severity: Severity;
  /** The rule that classified it (`field-made-optional`, `operation-removed`, …). */
  rule: string;
  side: Side;
  operationId?: string;
  /** JSON pointer into the comparable view: `/operations/ConfirmUpload/responses/200/content/application~1json/schema/eTag`. */
  path: string;
  /** The keyword that changed on that entry (`required`, `enum`, …); absent when the entry itself was added or removed. */
  keyword?: string;
  /** JSON pointer into the spec where the entry is declared (the new spec; the old one for a removal). */
  source: string;
  message: string;
  before?: ViewValue;
  after?: ViewValue;
}

export interface SpecDiff {
  changes: SpecChange[];
  breaking: number;
  nonBreaking: number;
}

function isAncestor(parent: string, key: string): boolean {
  return key.length > parent.length && key.startsWith(parent) && key[parent.length] === '/';
}

/** The topmost of added (or removed) entries: an operation removed is one change, not one per field. */
function topmost(keys: string[]): Set<string> {
  const sorted = [...keys].sort();
  const out = new Set<string>();
  let last: string | undefined;
  for (const key of sorted) {
    if (last !== undefined && isAncestor(last, key)) continue;
    out.add(key);
    last = key;
  }
  return out;
}

export function diffViews(before: ComparableView, after: ComparableView): SpecDiff {
  const changes: SpecChange[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  const keywords = new Map<string, Set<string>>();
  for (const d of diff(before.values, after.values, { cyclesFix: false })) {
    const key = String(d.path[0]);
    if (d.path.length === 1) {
      (d.type === 'CREATE' ? added : d.type === 'REMOVE' ? removed : []).push(key);
      continue;
    }
    // A change inside a set (one enum member) is a change of the keyword: classified as a whole.
    const keyword = String(d.path[1]);
    let set = keywords.get(key);
    if (!set) keywords.set(key, (set = new Set()));
    set.add(keyword);
  }
  for (const [list, type, view] of [
    [added, 'added', after],
    [removed, 'removed', before],
  ] as const) {
    for (const key of topmost(list)) {
      const meta = view.meta[key]!;
      const values = view.values[key]!;
      changes.push(entryChange(key, meta, classifyEntry({ type, meta, values })));
    }
  }
  // An operationId changed: the generated method is renamed, which is removed + added; say so.
  for (const c of changes) {
    if (c.rule !== 'operation-removed') continue;
    const was = before.values[c.path.slice(1)]!;
    const twin = changes.find((a) => a.rule === 'operation-added' && after.values[a.path.slice(1)]?.method === was.method && after.values[a.path.slice(1)]?.path === was.path);
    if (twin) c.message += ` (renamed? ${twin.operationId} is now ${String(was.method).toUpperCase()} ${String(was.path)})`;
  }
  for (const [key, words] of keywords) {
    const meta = after.meta[key]!;
    for (const keyword of words) {
      const b = before.values[key]![keyword];
      const a = after.values[key]![keyword];
      const c = classifyKeyword({ type: 'changed', meta, keyword, before: b, after: a });
      changes.push({
        ...entryChange(key, meta, c),
        keyword,
        ...(b !== undefined ? { before: b } : {}),
        ...(a !== undefined ? { after: a } : {}),
      });
    }
  }
  // Breaking first, then by where: stable output for reviews and snapshots.
  changes.sort(
    (x, y) =>
      Number(x.severity !== 'breaking') - Number(y.severity !== 'breaking') ||
      compare(x.path, y.path) ||
      compare(x.keyword ?? '', y.keyword ?? ''),
  );
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  return { changes, breaking, nonBreaking: changes.length - breaking };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryChange(key: string, meta: EntryMeta, c: ReturnType<typeof classifyEntry>): SpecChange {
  return {
    severity: c.severity,
    rule: c.rule,
    side: meta.side,
    ...(meta.operationId !== undefined ? { operationId: meta.operationId } : {}),
    path: `/${key}`,
    source: meta.source,
    message: c.message,
  };
}

/** Diffs two parsed OpenAPI documents (see spec-document.ts for reading and checking them). */
export function diffSpecs(before: Record<string, unknown>, after: Record<string, unknown>, limits: ViewLimits = defaultViewLimits): SpecDiff {
  return diffViews(comparableView(before, limits), comparableView(after, limits));
}
