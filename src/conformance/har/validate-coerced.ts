/**
 * Form fields and header values reach the wire as text; their schemas may still say `integer`,
 * `number`, `boolean` or `array` (OpenAPI 3.1 §4.8.12.4 and §4.8.14: form and header values
 * are serialized from typed values). The generated validators check JSON types, so a value the
 * validator rejects only for its type is read once as the type the schema asks for, exactly as
 * a form or header parser would (`"3"` → 3, `"true"` → true, a lone value → a one-item list),
 * and checked again. Nothing is guessed where the validator did not object.
 */
import type { GeneratedValidator } from '../../core/validation.js';

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** `true` when `value` (or its text read as the types the validator asked for) validates. */
export function validateCoerced(validator: GeneratedValidator, value: unknown): boolean {
  if (validator(value)) return true;
  const errors = validator.errors ?? [];
  const fixes = errors.filter((e) => e.keyword === 'type');
  if (fixes.length === 0) return false;
  let next = value;
  let changed = false;
  for (const e of fixes) {
    const types = String(e.params.type ?? '').split(',');
    const updated = replaceAt(next, pointerSegments(e.instancePath), (text) => (typeof text === 'string' ? readAs(text, types) : undefined));
    if (updated !== undefined) {
      next = updated.value;
      changed = true;
    }
  }
  return changed ? validator(next) : false;
}

function readAs(text: string, types: readonly string[]): { value: unknown } | undefined {
  for (const type of types) {
    if (type === 'integer' && INTEGER.test(text) && Number.isSafeInteger(Number(text))) return { value: Number(text) };
    if (type === 'number' && NUMBER.test(text) && Number.isFinite(Number(text))) return { value: Number(text) };
    if (type === 'boolean' && (text === 'true' || text === 'false')) return { value: text === 'true' };
    if (type === 'array') return { value: [text] };
  }
  return undefined;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A copy of `root` with the value at `path` replaced, or `undefined` when nothing there can be read so. */
function replaceAt(root: unknown, path: readonly string[], read: (value: unknown) => { value: unknown } | undefined): { value: unknown } | undefined {
  if (path.length === 0) return read(root);
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(root)) {
    const i = Number(head);
    if (!Number.isInteger(i) || i < 0 || i >= root.length) return undefined;
    const inner = replaceAt(root[i], rest, read);
    if (!inner) return undefined;
    const copy = [...root];
    copy[i] = inner.value;
    return { value: copy };
  }
  if (typeof root !== 'object' || root === null || !Object.hasOwn(root, head)) return undefined;
  const inner = replaceAt((root as Record<string, unknown>)[head], rest, read);
  if (!inner) return undefined;
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  Object.defineProperty(copy, head, { value: inner.value, enumerable: true, writable: true, configurable: true });
  return { value: copy };
}
