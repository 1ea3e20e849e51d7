/**
 * The storage headers an `x-drivespec-transfer` takes from the request that handed out the URL
 * (`requestHeaders`, ARCHITECTURE.md "Byte transfers"): MetaStudio's OBS PUT carries CreateFile's
 * `file_md5` as `Content-MD5` and the `Content-Type` its `file_type` maps to. One function for the
 * client that sends them and the emulator that requires them, so both read the spec's one table.
 */
import type { TransferInfo } from '../../generated/operation-table.js';
import { DrivespecError } from './errors.js';
import { valueAtPointer } from './json-pointer.js';

/** The headers `transfer.requestHeaders` names, computed from the request body that was sent. */
export function transferRequestHeaders(transfer: Pick<TransferInfo, 'requestHeaders'>, requestBody: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, rule] of Object.entries(transfer.requestHeaders)) {
    const value = valueAtPointer(requestBody, rule.field);
    if (typeof value !== 'string') {
      // The body was validated against the spec before it was sent; a missing field is a spec bug.
      throw new DrivespecError(`transfer header ${name}: the request body has no string at ${rule.field}`);
    }
    if (rule.values === null) {
      headers[name] = value;
      continue;
    }
    const key = value.toLowerCase();
    headers[name] = Object.hasOwn(rule.values, key) ? rule.values[key]! : rule.otherwise!;
  }
  return headers;
}
