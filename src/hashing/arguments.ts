/**
 * Checks of what callers hand the hashing functions, so that a wrong argument (null, a number, a
 * misspelt option) throws the module's `InputError` naming the function and the argument, never a
 * plain `TypeError` from deep inside, and never goes through silently.
 */
import { InputError } from '../core/errors.js';

/** `null`, `undefined`, `a string`, `an array`, `Foo` (a class instance), `an object`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== 'Object' && name !== '' ? name : 'an object';
  }
  return `a ${typeof value}`;
}

/** `options` as a plain record: `undefined` reads as `{}`; anything but an object is refused. */
export function checkOptions(where: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  return options as Record<string, unknown>;
}

/** `name` must be one of `allowed` (or absent, when `undefined` is among them). */
export function checkOneOf<T>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const shown = allowed.filter((a) => a !== undefined).map((a) => JSON.stringify(a));
    const got = typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
    throw new InputError(`${where}: ${name} must be ${shown.join(', ')}${allowed.includes(undefined as T) ? ' or absent' : ''}, got ${got}`);
  }
  return value as T;
}

/** A hash result with the given string fields (and `size` when asked), as `MultiHash` and `hashSource` give. */
export function checkHashResult(where: string, result: unknown, fields: readonly string[], withSize = false): Record<string, unknown> {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new InputError(`${where}: result must be a hash result object, got ${describeValue(result)}`);
  }
  const record = result as Record<string, unknown>;
  for (const field of fields) {
    if (typeof record[field] !== 'string') {
      throw new InputError(`${where}: result.${field} must be a string, got ${describeValue(record[field])}`);
    }
  }
  if (withSize && !(Number.isSafeInteger(record.size) && (record.size as number) >= 0)) {
    const size = typeof record.size === 'number' ? String(record.size) : describeValue(record.size);
    throw new InputError(`${where}: result.size must be a non-negative integer, got ${size}`);
  }
  return record;
}
