/**
 * How one change of the comparable view affects a consumer of the generated client. Direction
 * matters: a request is what the consumer sends (a narrower request refuses what they sent
 * before), a response is what they read (a wider response hands them values their code does not
 * expect). So, for example:
 *
 * | change                         | request      | response     |
 * |--------------------------------|--------------|--------------|
 * | field or parameter removed     | breaking     | breaking     |
 * | field made required / added required | breaking | non-breaking |
 * | field made optional            | non-breaking | breaking (`T` becomes `T \| undefined`) |
 * | type or enum narrowed          | breaking     | non-breaking |
 * | type or enum widened           | non-breaking | breaking     |
 * | bound tightened (maxLength…)   | breaking     | non-breaking |
 * | pattern / format set or changed| breaking     | non-breaking |
 * | description, examples, errata  | non-breaking | non-breaking |
 *
 * An enum widened in a response is breaking on purpose: the generated type is a union of
 * literals, and a consumer's exhaustive `switch` over it (TypeScript's `never` check) stops
 * compiling or, compiled, falls through on the new value. A keyword the rules do not know is
 * breaking when it appears or changes on the request side (in JSON Schema an added keyword can
 * only refuse more) and non-breaking otherwise.
 */
import type { EntryMeta, ViewValue } from './comparable-view.js';

export type Severity = 'breaking' | 'non-breaking';

export interface Classified {
  severity: Severity;
  /** A stable name of the rule that matched: `field-made-optional`, `enum-narrowed`, … */
  rule: string;
  message: string;
}

export interface EntryChange {
  type: 'added' | 'removed';
  meta: EntryMeta;
  values: Record<string, ViewValue>;
}

export interface KeywordChange {
  type: 'changed';
  meta: EntryMeta;
  keyword: string;
  before: ViewValue | undefined;
  after: ViewValue | undefined;
}

const B = 'breaking' as const;
const N = 'non-breaking' as const;

const LOWER_BOUNDS = new Set(['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties', 'minContains']);
const UPPER_BOUNDS = new Set(['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties', 'maxContains']);
/** Keywords that describe and never constrain. */
const ANNOTATIONS = new Set([
  'description',
  'summary',
  'title',
  'examples',
  'example',
  'externalDocs',
  '$comment',
  'xml',
  'readOnly',
  'writeOnly',
  'deprecated',
  'tags',
  'default',
  'discriminator',
  'contentSchema',
]);
const SECURITY_SCHEME_FIELDS = new Set(['type', 'scheme', 'in', 'name', 'bearerFormat', 'flows', 'openIdConnectUrl']);
const PARAMETER_SERIALIZATION = new Set(['style', 'explode', 'allowReserved', 'allowEmptyValue']);

function isSet(v: ViewValue | undefined): v is Record<string, true> {
  return typeof v === 'object' && v !== null;
}

/** A value for a message: sets as their members, scalars as JSON, both cut short. */
export function shown(v: ViewValue | undefined): string {
  if (v === undefined) return '(none)';
  const text = isSet(v) ? `{${Object.keys(v).sort().join(', ')}}` : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function within(meta: EntryMeta): string {
  const id = meta.kind === 'operation' ? undefined : meta.operationId;
  const parts = [id, meta.where !== meta.label ? meta.where : undefined].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function result(severity: Severity, rule: string, message: string): Classified {
  return { severity, rule, message };
}

function isSuccess(status: string | undefined): boolean {
  return status !== undefined && /^2(\d\d|XX)$/i.test(status);
}

function isUnionBranch(label: string): boolean {
  return /<(\d+\.)?(anyOf|oneOf)\[\d+\]>$/.test(label);
}

/** An entry (operation, parameter, field, response, …) that only one side has. */
export function classifyEntry(change: EntryChange): Classified {
  const { type, meta, values } = change;
  const it = `${meta.label}${within(meta)}`;
  const added = type === 'added';
  const request = meta.side === 'request';
  switch (meta.kind) {
    case 'operation':
      return added ? result(N, 'operation-added', `${it} added`) : result(B, 'operation-removed', `${it} removed`);
    case 'parameter':
      if (!added) return result(B, 'parameter-removed', `${it} removed: a call that passes it no longer type-checks`);
      return values.required === true
        ? result(B, 'parameter-added-required', `required ${it} added`)
        : result(N, 'parameter-added', `optional ${it} added`);
    case 'request-body':
      if (!added) return result(B, 'request-body-removed', `${it} removed`);
      return values.required === true
        ? result(B, 'request-body-added-required', `required ${it} added`)
        : result(N, 'request-body-added', `optional ${it} added`);
    case 'media':
      return added ? result(N, 'media-type-added', `${it} added`) : result(B, 'media-type-removed', `${it} removed`);
    case 'response':
      if (isSuccess(meta.status)) {
        // The generated result type is made from the 2xx answers: it changes either way.
        return added
          ? result(B, 'success-response-added', `${it} added: the result type changes`)
          : result(B, 'success-response-removed', `${it} removed: the result type changes`);
      }
      return added ? result(N, 'error-response-added', `${it} added`) : result(N, 'error-response-removed', `${it} removed`);
    case 'header':
      return added ? result(N, 'header-added', `${it} added`) : result(B, 'header-removed', `${it} removed`);
    case 'schema': {
      if (meta.property) {
        if (!added) return result(B, 'field-removed', `${it} removed`);
        if (request && values.required === true) return result(B, 'field-added-required', `required ${it} added`);
        return result(N, 'field-added', `${values.required === true ? 'required' : 'optional'} ${it} added`);
      }
      if (isUnionBranch(meta.label)) {
        const widened = added;
        return widened
          ? result(request ? N : B, 'union-widened', `${it} added: the field admits more`)
          : result(request ? B : N, 'union-narrowed', `${it} removed: the field admits less`);
      }
      // A schema where there was none (items, map values, a body's schema) constrains; gone, it frees.
      return added
        ? result(request ? B : N, 'schema-added', `${it} added`)
        : result(request ? N : B, 'schema-removed', `${it} removed: anything is now admitted`);
    }
    case 'erratum':
      return added ? result(N, 'erratum-added', `${it} added`) : result(N, 'erratum-removed', `${it} removed`);
    case 'security-scheme':
      return added ? result(N, 'security-scheme-added', `${it} added`) : result(B, 'security-scheme-removed', `${it} removed`);
    case 'server':
      return added ? result(N, 'server-added', `${it} added`) : result(B, 'server-removed', `${it} removed: a base URL chosen from it is gone`);
    case 'server-variable':
      return added ? result(N, 'server-variable-added', `${it} added`) : result(B, 'server-variable-removed', `${it} removed`);
    case 'document':
      return result(added ? N : B, added ? 'document-added' : 'document-removed', `${it} ${type}`);
  }
}

/** Members gone and members new of a set-valued keyword; `undefined` (no keyword) admits anything. */
function setDelta(before: ViewValue | undefined, after: ViewValue | undefined): { narrowed: boolean; widened: boolean; gone: string[]; fresh: string[] } {
  const b = isSet(before) ? Object.keys(before) : undefined;
  const a = isSet(after) ? Object.keys(after) : undefined;
  const gone = b && a ? b.filter((m) => !a.includes(m)) : [];
  const fresh = b && a ? a.filter((m) => !b.includes(m)) : [];
  return {
    narrowed: gone.length > 0 || (b === undefined && a !== undefined),
    widened: fresh.length > 0 || (a === undefined && b !== undefined),
    gone,
    fresh,
  };
}

function setChangeText(what: string, before: ViewValue | undefined, after: ViewValue | undefined): string {
  return `${what} ${shown(before)} → ${shown(after)}`;
}

/** One keyword of an entry both sides have. */
export function classifyKeyword(change: KeywordChange): Classified {
  const { meta, keyword, before, after } = change;
  const it = `${meta.label}${within(meta)}`;
  const request = meta.side === 'request';
  const response = meta.side === 'response';
  const from = `${shown(before)} → ${shown(after)}`;

  if (keyword === 'required' && (meta.kind === 'schema' || meta.kind === 'parameter' || meta.kind === 'header' || meta.kind === 'request-body')) {
    const nowRequired = after === true;
    if (request) {
      return nowRequired
        ? result(B, `${kindWord(meta)}-made-required`, `${it} made required: a call without it no longer type-checks`)
        : result(N, `${kindWord(meta)}-made-optional`, `${it} made optional`);
    }
    return nowRequired
      ? result(N, 'field-made-required', `${it} made required`)
      : result(B, 'field-made-optional', `${it} made optional: the consumer's type becomes \`… | undefined\``);
  }

  if (keyword === 'type' || keyword === 'enum' || keyword === 'nullable') {
    const d =
      keyword === 'nullable'
        ? { narrowed: before === true && after !== true, widened: after === true && before !== true, gone: [], fresh: [] }
        : setDelta(before, after);
    const word = keyword === 'enum' ? 'enum' : 'type';
    const rule = d.narrowed && d.widened ? (word === 'type' ? 'retyped' : 'enum-changed') : d.narrowed ? `${word}-narrowed` : `${word}-widened`;
    const text = setChangeText(`${it} ${keyword}`, before, after);
    if (meta.kind === 'server-variable' || request) return result(d.narrowed ? B : N, rule, text);
    if (response) {
      const why = word === 'enum' ? ' (a new value breaks exhaustive switches)' : '';
      return result(d.widened ? B : N, rule, `${text}${d.widened ? why : ''}`);
    }
    return result(N, rule, text);
  }

  if (LOWER_BOUNDS.has(keyword) || UPPER_BOUNDS.has(keyword)) {
    const tightened =
      after !== undefined &&
      (before === undefined ||
        typeof before !== 'number' ||
        typeof after !== 'number' ||
        (LOWER_BOUNDS.has(keyword) ? after > before : after < before));
    return result(request && tightened ? B : N, tightened ? 'constraint-tightened' : 'constraint-loosened', `${it} ${keyword} ${from} (${tightened ? 'tightened' : 'loosened'})`);
  }

  if (keyword === 'additionalProperties' || keyword === 'unevaluatedProperties') {
    const closed = after === false;
    return result(request && closed ? B : N, closed ? 'object-closed' : 'object-opened', `${it} ${keyword} ${from}`);
  }

  switch (meta.kind) {
    case 'operation':
      if (keyword === 'method' || keyword === 'path') {
        return result(B, 'operation-moved', `${it} ${keyword} ${from}: \`client.raw\` calls name the path and method`);
      }
      if (keyword === 'security') {
        const d = setDelta(before, after);
        return d.narrowed
          ? result(B, 'security-narrowed', setChangeText(`${it} security`, before, after))
          : result(N, 'security-widened', setChangeText(`${it} security`, before, after));
      }
      break;
    case 'parameter':
      if (keyword === 'x-drivespec-client-option.option') {
        // The createClient option that fills the parameter: renamed or gone, the consumer's options break.
        return before === undefined
          ? result(N, 'client-option-added', `${it} now filled from createClient option ${shown(after)}`)
          : result(B, 'client-option-changed', `${it} createClient option ${from}`);
      }
      if (keyword === 'x-drivespec-client-option.required') {
        return after === true
          ? result(B, 'client-option-made-required', `${it} createClient option made required`)
          : result(N, 'client-option-made-optional', `${it} createClient option made optional`);
      }
      if (PARAMETER_SERIALIZATION.has(keyword)) return result(N, 'serialization-changed', `${it} ${keyword} ${from}`);
      break;
    case 'security-scheme':
      if (SECURITY_SCHEME_FIELDS.has(keyword)) return result(B, 'security-scheme-changed', `${it} ${keyword} ${from}`);
      break;
    case 'server-variable':
      if (keyword === 'default') return result(B, 'server-default-changed', `${it} default ${from}: the default base URL changes`);
      break;
    case 'document':
      if (keyword === 'x-drivespec-provider.typeName') {
        return result(B, 'type-name-changed', `x-drivespec-provider.typeName ${from}: the exported client and error names change`);
      }
      break;
    case 'erratum':
      return result(N, 'erratum-changed', `${it} ${keyword} ${from}`);
    default:
      break;
  }

  if (keyword === 'default') return result(N, 'default-changed', `${it} default ${from}`);
  if (keyword === 'deprecated') return result(N, after === true ? 'deprecated' : 'undeprecated', `${it} deprecated ${from}`);
  const bare = keyword.replace(/^info\./, '');
  if (ANNOTATIONS.has(bare)) return result(N, 'documentation', `${it} ${keyword} changed`);
  if (bare.startsWith('x-')) return result(N, 'extension-changed', `${it} ${keyword} ${short(before, after) ?? 'changed'}`);
  if (meta.kind === 'schema' && request) {
    // pattern, format, not, const, multipleOf, if/then, $ref, …: a new or changed constraint can refuse more.
    return after === undefined
      ? result(N, 'constraint-removed', `${it} ${keyword} removed (was ${shown(before)})`)
      : result(B, 'constraint-changed', `${it} ${keyword} ${from}`);
  }
  if (meta.kind === 'schema' && response && keyword === '$ref') {
    return result(B, 'retyped', `${it} now refers to ${shown(after)} (was ${shown(before)})`);
  }
  return result(N, meta.kind === 'schema' ? 'constraint-changed' : 'changed', `${it} ${keyword} ${from}`);
}

/** `before → after` when both are short enough to read in one line. */
function short(before: ViewValue | undefined, after: ViewValue | undefined): string | undefined {
  const b = shown(before);
  const a = shown(after);
  return b.length <= 60 && a.length <= 60 ? `${b} → ${a}` : undefined;
}

function kindWord(meta: EntryMeta): string {
  if (meta.kind === 'parameter') return 'parameter';
  if (meta.kind === 'request-body') return 'request-body';
  if (meta.kind === 'header') return 'header';
  return 'field';
}
