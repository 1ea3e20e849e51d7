/**
 * The shape of the generated operation tables (`<provider>/operations.ts`), which the handwritten
 * layer interprets: every client, the emulator and the conformance harness are driven by them.
 * Copied verbatim into generated/ by scripts/generate.ts; each table is checked against it with
 * `satisfies`, so a generator change that breaks the shape fails the type-check.
 */

export interface ParameterInfo {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** `x-drivespec-flag`: written bare (`?confirm`), its only value being the empty string. */
  readonly flag: boolean;
  /**
   * `x-drivespec-multi-segment`: the path's last parameter holds a `/`-separated path (SMH
   * `FilePath`), sent with each segment percent-encoded and the `/` between them kept.
   */
  readonly multiSegment?: true;
}

/**
 * `x-drivespec-transfer`: how the bytes go to the upload URLs an operation hands out (a storage
 * service, not the API). `url` is a template of `{/json/pointer}`s into the operation's 200 body
 * (`*` = each array item) and `{partNumber}`.
 */
export interface TransferInfo {
  readonly description: string;
  readonly method: 'PUT' | 'POST';
  readonly url: string;
  /** Fixed headers to send. */
  readonly headers: Readonly<Record<string, string>>;
  /** A pointer to an object in the answer whose entries are sent as headers, exactly. */
  readonly headersFrom: string | null;
  /**
   * Headers taken from the request that handed out the URL (MetaStudio's `Content-MD5` is
   * CreateFile's `file_md5`, its `Content-Type` follows `file_type`): the request body's value at
   * `field` (a JSON pointer), or, with `values`, what it maps to (keys lower-case, the value
   * compared lower-cased) and `otherwise` for one not listed. `transferRequestHeaders`
   * (src/core/transfer-headers.ts) computes them, for the client and the emulator alike.
   */
  readonly requestHeaders: Readonly<
    Record<string, { readonly field: string; readonly values: Readonly<Record<string, string>> | null; readonly otherwise: string | null }>
  >;
  readonly contentMd5: 'required' | 'optional' | 'ignored';
  readonly successStatus: number;
  /** The storage answers an ETag (the quoted hex MD5 of the bytes). */
  readonly etag: boolean;
  readonly lifetimeSeconds: number | null;
  /** A pointer to the answer's field saying when the URLs stop working. */
  readonly expiresAtField: string | null;
  readonly errors: readonly { readonly status: number; readonly code: string; readonly description: string }[];
  readonly sources: readonly string[];
}

export interface ResponseInfo {
  /** `null`: documented without a body (MetaStudio's 200). */
  readonly contentType: string | null;
  readonly headers: readonly string[];
  readonly validator: string | null;
}

/** A documented response header (`responseHeaders` in `<provider>/operations.ts`). */
export interface ResponseHeaderInfo {
  readonly required: boolean;
  /** The validator (in `<provider>/validators.js`) of its value; `null`: any value. */
  readonly validator: string | null;
}

/** One row of `<provider>/operations.ts`. */
export interface OperationTable {
  readonly operationId: string;
  readonly method: string;
  /** The request path template (without the path key's `?flag`). */
  readonly path: string;
  /** The spec's path key, the raw client's path: `path`, or `path?flag`. */
  readonly pathKey: string;
  /**
   * The bare query flag selecting this operation among others on the same path and method (SMH
   * `?renew`): always sent, and the emulator routes by it.
   */
  readonly flag: string | null;
  readonly summary: string;
  readonly parameters: readonly ParameterInfo[];
  /** `x-drivespec-query-order`: the documented query order, credentials included. */
  readonly queryOrder: readonly string[] | null;
  /** Alternative requirements, each naming the security schemes it combines. */
  readonly security: readonly (readonly string[])[];
  readonly requestBody: { readonly required: boolean; readonly contentType: string; readonly validator: string } | null;
  readonly parametersValidator: string;
  readonly responses: Readonly<Record<string, ResponseInfo>>;
  readonly transfer: TransferInfo | null;
}

export interface SecuritySchemeInfo {
  readonly type: string;
  readonly in: string | null;
  readonly name: string | null;
  readonly scheme: string | null;
}

export interface ServerInfo {
  readonly url: string;
  readonly description: string | null;
  readonly variables: Readonly<Record<string, { readonly default: string | null; readonly enum: readonly string[] | null }>>;
}

/**
 * `x-drivespec-client-option`: a parameter the client fills from one of its options, or from
 * the schema's default when the option is left out.
 */
export interface ClientOptionInfo {
  readonly option: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly default: string | null;
}

/** `x-drivespec-provider` and what the generator derives from the spec about the provider. */
export interface ProviderInfo {
  readonly id: string;
  readonly typeName: string;
  readonly title: string;
  readonly spec: string;
  /** The package entry point of the provider's client (`drivespec/<id>`). */
  readonly entryPoint: string;
  readonly operationIds: readonly string[];
  readonly securitySchemes: readonly string[];
  /** Lowercase: the response header with the request id of a successful answer. */
  readonly requestIdHeader: string;
  /** Validators (in `<id>/validators.js`) of the provider's error-body schemas. */
  readonly errorValidators: readonly string[];
}
