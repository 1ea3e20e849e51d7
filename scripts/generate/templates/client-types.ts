/**
 * The type helpers every generated client surface (`<provider>/client.ts`) is written with.
 * Copied verbatim into generated/ by scripts/generate.ts (nothing in generated/ imports src/).
 *
 * Types for the one-method-per-operation API, derived from openapi-typescript's `operations`
 * interface: the init mirrors openapi-fetch's `{ params?: { path?, query?, header? }, body? }`,
 * with a group (and `params` itself) required exactly when the spec requires something in it,
 * and with parameters the client fills by default (MetaStudio's project id, SMH's `confirm`)
 * made optional.
 */

type Defined<T> = Exclude<T, undefined>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

type ParamsOf<Op> = Op extends { parameters: infer P } ? P : never;
type Location<Op, L extends 'path' | 'query' | 'header'> = ParamsOf<Op> extends { [K in L]?: infer X }
  ? Defined<X>
  : never;

type WithDefaults<T, D> = [T] extends [never]
  ? never
  : Simplify<Omit<T, D & keyof T> & Partial<Pick<T, D & keyof T>>>;

type Group<Name extends string, T> = [T] extends [never]
  ? {}
  : [RequiredKeys<T>] extends [never]
    ? { [K in Name]?: T }
    : { [K in Name]: T };

export type ParamsInit<Op, DefaultPath = never, DefaultQuery = never> = Simplify<
  Group<'path', WithDefaults<Location<Op, 'path'>, DefaultPath>> &
    Group<'query', WithDefaults<Location<Op, 'query'>, DefaultQuery>> &
    Group<'header', Location<Op, 'header'>>
>;

export type RequestBodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

type BodyField<Op> = [RequestBodyOf<Op>] extends [never]
  ? {}
  : Op extends { requestBody: unknown }
    ? { body: RequestBodyOf<Op> }
    : { body?: RequestBodyOf<Op> };

type ParamsField<P> = [keyof P] extends [never]
  ? {}
  : [RequiredKeys<P>] extends [never]
    ? { params?: P }
    : { params: P };

export type OperationInit<Op, DefaultPath = never, DefaultQuery = never> = Simplify<
  ParamsField<ParamsInit<Op, DefaultPath, DefaultQuery>> & BodyField<Op>
>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type ResponsesOf<Op> = Op extends { responses: infer R } ? R : never;

/** The body a successful call resolves to (`undefined` where the provider answers with no body). */
export type SuccessBody<Op> = {
  [S in keyof ResponsesOf<Op> & SuccessStatus]: ResponsesOf<Op>[S] extends {
    content: { 'application/json': infer B };
  }
    ? B
    : undefined;
}[keyof ResponsesOf<Op> & SuccessStatus];

/** `init` may be left out when nothing in it is required. */
export type OperationArgs<Init, Call> = [RequiredKeys<Init>] extends [never]
  ? [init?: Init, options?: Call]
  : [init: Init, options?: Call];
