/**
 * A record's answer body and its JSON text, built once per state of the record (issue 14,
 * emulator throughput): PDS GetFile answered the same 28-field object for the same file on every
 * request, and building plus `JSON.stringify` of it were ~2 µs of a ~20 µs request.
 *
 * The state is read off the record itself, not from a list of the fields the body uses: every own
 * property (name and value) of the record and of each plain object it holds (PDS `content`), plus
 * the caller's `context` values (the domain id). A change to any of them builds the body again, so
 * a field the builder starts to use later cannot be served stale. Values are compared with
 * `Object.is`: a nested object is compared by identity beyond the first level.
 *
 * Bounded: entries hang off the record in a WeakMap (gone with the record), at most
 * `MAX_VARIANTS` per record. The body is frozen, since every answer shares it.
 */

/** A body and `JSON.stringify(body)`. */
export interface MemoAnswer {
  body: unknown;
  text: string;
}

interface Entry extends MemoAnswer {
  state: unknown[];
}

/** Variants per record (PDS: with or without `investigation_info`). */
export const MAX_VARIANTS = 4;

export class AnswerMemo<R extends object> {
  readonly #entries = new WeakMap<R, Map<string, Entry>>();

  /**
   * The answer `build` gives for `record` in its current state (with `context`), from the memo when
   * neither changed since it was built. `variant` names what else `build` depends on.
   */
  get(record: R, variant: string, context: readonly unknown[], build: () => unknown): MemoAnswer {
    let variants = this.#entries.get(record);
    const cached = variants?.get(variant);
    if (cached && isState(cached.state, record, context)) return cached;
    const state = stateOf(record, context);
    const body = deepFreeze(build());
    const entry: Entry = { state, body, text: JSON.stringify(body) };
    if (variants === undefined) this.#entries.set(record, (variants = new Map()));
    if (!variants.has(variant) && variants.size >= MAX_VARIANTS) variants.clear();
    variants.set(variant, entry);
    return entry;
  }
}

/** Where a nested object's properties start and end in a state (no property name or value is this symbol). */
const NESTED = Symbol('nested');
const NESTED_END = Symbol('nested end');

function stateOf(record: object, context: readonly unknown[]): unknown[] {
  const state: unknown[] = [...context];
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = (record as Record<string, unknown>)[name];
    state.push(name, value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      state.push(NESTED);
      for (const inner in value) if (Object.hasOwn(value, inner)) state.push(inner, (value as Record<string, unknown>)[inner]);
      state.push(NESTED_END);
    }
  }
  return state;
}

/** Whether `stateOf(record, context)` would be `state`, without building it (the hit path allocates nothing). */
function isState(state: readonly unknown[], record: object, context: readonly unknown[]): boolean {
  let i = 0;
  const next = (value: unknown) => i < state.length && Object.is(state[i++], value);
  for (const value of context) if (!next(value)) return false;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = (record as Record<string, unknown>)[name];
    if (!next(name) || !next(value)) return false;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (!next(NESTED)) return false;
      for (const inner in value) {
        if (Object.hasOwn(value, inner) && !(next(inner) && next((value as Record<string, unknown>)[inner]))) return false;
      }
      if (!next(NESTED_END)) return false;
    }
  }
  return i === state.length;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
