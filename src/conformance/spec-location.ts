/**
 * Where an operation, one of its documented example pairs (`x-drivespec-conformance[]`) or one of
 * its errata (`x-drivespec-errata[]`) sits in a spec's YAML: 1-based line numbers, for the GitHub
 * reporter's annotations (`::error file=specs/<id>.yaml,line=N::…`). The positions come from the
 * `yaml` package's own parser (node ranges and a `LineCounter`), not from searching the text, so a
 * name that also appears in a description or another operation is never mistaken for the entry.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export interface SpecLocations {
  /** The `operationId:` line of the operation. */
  operation(operationId: string): number | undefined;
  /** The first line of the example pair named `name` (its `- name:` line). */
  pair(operationId: string, name: string): number | undefined;
  /** The first line of the erratum on `field` (its `- field:` line). */
  erratum(operationId: string, field: string): number | undefined;
}

interface OperationLines {
  line: number;
  pairs: Map<string, number>;
  errata: Map<string, number>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Lines found in a spec's text; a text that does not parse locates nothing (never throws). */
export function specLocations(text: string): SpecLocations {
  const operations = new Map<string, OperationLines>();
  try {
    index(text, operations);
  } catch {
    // A spec the generator would refuse anyway: annotations then go without a line.
  }
  return {
    operation: (operationId) => operations.get(operationId)?.line,
    pair: (operationId, name) => operations.get(operationId)?.pairs.get(name),
    erratum: (operationId, field) => operations.get(operationId)?.errata.get(field),
  };
}

function index(text: string, into: Map<string, OperationLines>): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const paths = isMap(doc.contents) ? doc.contents.get('paths', true) : undefined;
  if (!isMap(paths)) return;
  for (const pathItem of paths.items) {
    if (!isMap(pathItem.value)) continue;
    for (const entry of pathItem.value.items) {
      if (!isScalar(entry.key) || !HTTP_METHODS.has(String(entry.key.value)) || !isMap(entry.value)) continue;
      const op = entry.value;
      const idPair = op.items.find((p) => isScalar(p.key) && p.key.value === 'operationId');
      if (!idPair || !isScalar(idPair.value) || typeof idPair.value.value !== 'string') continue;
      const line = lineOf(idPair.key as Node) ?? lineOf(op);
      if (line === undefined) continue;
      into.set(idPair.value.value, {
        line,
        pairs: itemLines(op.get('x-drivespec-conformance', true), 'name', lineOf),
        errata: itemLines(op.get('x-drivespec-errata', true), 'field', lineOf),
      });
    }
  }
}

/** For a sequence of maps: the value of `key` in each → the line the item starts on (first wins). */
function itemLines(seq: unknown, key: string, lineOf: (node: Node | null | undefined) => number | undefined): Map<string, number> {
  const lines = new Map<string, number>();
  if (!isSeq(seq)) return lines;
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const value = item.get(key);
    const line = lineOf(item);
    if (typeof value === 'string' && line !== undefined && !lines.has(value)) lines.set(value, line);
  }
  return lines;
}
