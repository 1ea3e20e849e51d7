import { DrivespecError } from '../../core/errors.js';

/**
 * A request could not be signed (bad URL, conflicting headers, unusable credentials).
 * Messages name the offending field, never its value: values may be secrets.
 */
export class SigningError extends DrivespecError {
  override name = 'SigningError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
