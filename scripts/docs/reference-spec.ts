/**
 * The copy of a spec the reference page is built from (docs only: specs/ and generated/ are not
 * touched). Redoc shows an `x-` extension either as raw JSON or not at all, and lists an operation
 * under each of its tags, so this copy:
 *
 * - adds Redocly's `x-codeSamples` to every operation (code-samples.ts);
 * - writes drivespec's extensions as Markdown prose where a reader needs them (the operation's
 *   errata, decisions, byte transfer and query order in its description; flag, multi-segment and
 *   client-option parameters in theirs; the sources in the API description) and deletes them;
 *   the conformance pairs (test data) and provider facts (generator input) are only deleted. An
 *   extension this file does not know stops the build, so a new one gets a decision, not a
 *   silent JSON dump;
 * - keeps one tag per operation (its first, the one the index links to) and only the tags in use.
 */
import type { Json, JsonObject, SpecModel } from '../generate/spec-model.js';
import { codeSamples } from './code-samples.js';
import { linkCitations } from './citations.js';

/** Extensions turned into prose or dropped; anything else named `x-drivespec-*` is an error. */
export const HANDLED_EXTENSIONS = [
  'x-drivespec-sources',
  'x-drivespec-provider',
  'x-drivespec-errata',
  'x-drivespec-decisions',
  'x-drivespec-conformance',
  'x-drivespec-transfer',
  'x-drivespec-query-order',
  'x-drivespec-flag',
  'x-drivespec-multi-segment',
  'x-drivespec-client-option',
] as const;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface ReferenceSpecOptions {
  /** Rewrites a citation of a repository file (`specs/notes/…`) to where the site serves it. */
  citationHref?: (path: string) => string;
}

export function referenceSpec(spec: SpecModel, options: ReferenceSpecOptions = {}): JsonObject {
  const doc = structuredClone(spec.document) as JsonObject;
  const info = object(doc.info);
  const sources = info['x-drivespec-sources'];
  if (Array.isArray(sources) && sources.length) {
    info.description = appendSection(text(info.description), 'Sources', sources.map((s) => `- ${String(s)}`).join('\n'));
  }
  delete info['x-drivespec-sources'];
  delete doc['x-drivespec-provider'];

  const usedTags = new Set<string>();
  const paths = object(doc.paths);
  for (const pathKey of Object.keys(paths)) {
    const item = object(paths[pathKey]);
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const op = object(item[method]);
      const model = spec.operations.find((o) => o.pathKey === pathKey && o.method === method.toUpperCase());
      if (!model) throw new Error(`${spec.specPath}: ${method.toUpperCase()} ${pathKey} is not in the spec model`);
      op['x-codeSamples'] = codeSamples(spec, model) as unknown as Json;
      let description = text(op.description);
      description = appendSection(description, 'Query order', queryOrder(op['x-drivespec-query-order']));
      description = appendSection(description, 'Byte transfer', transfer(op['x-drivespec-transfer']));
      description = appendSection(description, 'Decisions', decisions(op['x-drivespec-decisions']));
      description = appendSection(description, 'Errata', errata(op['x-drivespec-errata']));
      op.description = description;
      for (const key of ['x-drivespec-query-order', 'x-drivespec-transfer', 'x-drivespec-decisions', 'x-drivespec-errata', 'x-drivespec-conformance']) {
        delete op[key];
      }
      const tags = Array.isArray(op.tags) ? op.tags.map(String) : [];
      if (tags.length) {
        op.tags = [tags[0]!];
        usedTags.add(tags[0]!);
      }
    }
  }
  if (Array.isArray(doc.tags)) doc.tags = doc.tags.filter((t) => usedTags.has(text(object(t).name)));

  // Parameters, wherever they are declared (components.parameters or inline).
  walk(doc, (node) => {
    if (!('in' in node) || !('name' in node)) return;
    const notes: string[] = [];
    if (node['x-drivespec-flag'] === true) {
      notes.push(`A flag: drivespec sends the bare name (\`?${text(node.name)}\`, the documented form); standard tools send \`${text(node.name)}=\`, which the service reads the same.`);
    }
    if (node['x-drivespec-multi-segment'] === true) {
      notes.push('A `/`-separated path: each segment is percent-encoded, the `/` between them is sent as is.');
    }
    const option = node['x-drivespec-client-option'];
    if (option && typeof option === 'object' && !Array.isArray(option)) {
      const name = text(option.option);
      notes.push(
        option.required === true
          ? `Filled by the drivespec client from its required \`${name}\` option.`
          : `Filled by the drivespec client from its \`${name}\` option when given${object(node.schema).default !== undefined ? ', else the default' : ''}; a call may also pass it.`,
      );
    }
    if (notes.length) node.description = [text(node.description).trim(), ...notes].filter(Boolean).join('\n\n');
    delete node['x-drivespec-flag'];
    delete node['x-drivespec-multi-segment'];
    delete node['x-drivespec-client-option'];
  });

  // Citations become links wherever a description has them (Redoc does not autolink).
  const href = options.citationHref;
  if (href) {
    walk(doc, (node) => {
      if (typeof node.description === 'string') node.description = linkCitations(node.description, href);
    });
  }

  const left = new Set<string>();
  walk(doc, (node) => {
    for (const key of Object.keys(node)) if (key.startsWith('x-drivespec')) left.add(key);
  });
  if (left.size) {
    throw new Error(`${spec.specPath}: ${[...left].join(', ')} not handled by scripts/docs/reference-spec.ts (render it as prose or drop it there)`);
  }
  return doc;
}

function appendSection(description: string, title: string, body: string): string {
  if (!body) return description;
  return `${description.trimEnd()}\n\n### ${title}\n\n${body}\n`;
}

function queryOrder(value: Json | undefined): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  return `drivespec writes the query parameters in the documented order: ${value.map((v) => `\`${String(v)}\``).join(', ')}.`;
}

function decisions(value: Json | undefined): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  return value
    .map((d) => {
      const o = object(d);
      const source = o.source === undefined ? '' : ` (source: ${oneLine(o.source)})`;
      return `- **${oneLine(o.topic)}**: ${oneLine(o.decision)}. ${oneLine(o.reason)}${source}`;
    })
    .join('\n');
}

function transfer(value: Json | undefined): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const t = value;
  const lines = [oneLine(t.description)];
  const facts: string[] = [`\`${text(t.method)}\` to \`${text(t.url)}\``];
  if (typeof t.lifetimeSeconds === 'number') facts.push(`URLs live ${t.lifetimeSeconds} s`);
  if (typeof t.successStatus === 'number') facts.push(`success: ${t.successStatus}`);
  lines.push('', `${facts.join('; ')}.`);
  const headers = object(t.headers);
  if (Object.keys(headers).length) lines.push('', `Headers: ${Object.entries(headers).map(([k, v]) => `\`${k}: ${text(v)}\``).join(', ')}.`);
  const requestHeaders = object(t.requestHeaders);
  if (Object.keys(requestHeaders).length) {
    lines.push('', `Headers from the request that handed out the URL: ${Object.entries(requestHeaders).map(([k, v]) => `\`${k}\` (from \`${text(object(v).field)}\`)`).join(', ')}.`);
  }
  if (Array.isArray(t.errors) && t.errors.length) {
    lines.push('', '| Status | Code | Meaning |', '|---|---|---|');
    for (const e of t.errors) {
      const o = object(e);
      lines.push(`| ${cell(o.status)} | \`${cell(o.code)}\` | ${cell(o.description)} |`);
    }
  }
  if (Array.isArray(t.sources) && t.sources.length) lines.push('', `Sources: ${t.sources.map((s) => oneLine(s)).join('; ')}.`);
  return lines.join('\n');
}

function errata(value: Json | undefined): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  // A list, not a table: the middle column of a Redoc page is too narrow for six columns.
  const items = value.map((e) => {
    const o = object(e);
    const example = typeof o.exampleValue === 'string' ? o.exampleValue : JSON.stringify(o.exampleValue);
    const shown = example === '' ? '`""` (empty)' : `\`${oneLine(example)}\``;
    return `- \`${oneLine(o.field)}\`: documented as ${oneLine(o.documentedType)}, the example sends ${shown}. **Decision:** ${oneLine(o.decision)}. ${oneLine(o.reason)} (source: ${oneLine(o.source)})`;
  });
  return ['Where the provider’s type table and its own example disagree, and what the schema does about it:', '', ...items].join('\n');
}

function walk(node: Json, visit: (o: JsonObject) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
  } else if (node && typeof node === 'object') {
    visit(node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function cell(value: Json | undefined): string {
  return oneLine(value).replace(/\|/g, '\\|');
}

function oneLine(value: Json | undefined): string {
  return text(value).replace(/\s*\n\s*/g, ' ').trim();
}

function object(value: Json | undefined): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
