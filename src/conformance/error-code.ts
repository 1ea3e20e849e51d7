/**
 * The provider error code in a documented or received error body. The four providers spell it
 * `code` (PDS, SMH, KooDrive; PDS casing `Code` is unverified, PROVIDERS.md) or `error_code`
 * (Huawei MetaStudio and the Huawei API gateway); KooDrive's are numbers.
 */
export function errorCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  for (const name of ['code', 'Code', 'error_code']) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** `HTTP 404 NotFound`, `HTTP 200`. */
export function describeAnswer(status: number, code: string | undefined): string {
  return code === undefined ? `HTTP ${status}` : `HTTP ${status} ${code}`;
}
