/**
 * How a source is cut into parts: the provider gives its rule (default part size, limits, the
 * most parts an upload may have), the caller may ask for a part size, and the plan is the list of
 * byte ranges every provider module then sends (only the missing ones when resuming).
 */
import { ConfigurationError, InputError } from '../core/errors.js';

/** One part: 1-based number, byte offset in the source, byte length. */
export interface PartPlan {
  partNumber: number;
  offset: number;
  size: number;
}

export interface PartSizeRule {
  /** The provider's (or module's) default part size. */
  default: number;
  /** The smallest part size (every part but the last is this large at least). */
  min: number;
  /** The largest part size. */
  max: number;
  /** The most parts one upload may have (e.g. 10,000 for OSS-style storage). */
  maxParts: number;
  /** Part sizes must be a multiple of this (e.g. KooDrive's), when set. */
  multipleOf?: number;
}

/** Parts of `partSize` bytes, the last one shorter; a 0-byte source has no parts (providers decide). */
export function planParts(size: number, partSize: number): PartPlan[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new InputError(`planParts: size must be a whole number of bytes, got ${size}`);
  if (!Number.isSafeInteger(partSize) || partSize < 1) throw new ConfigurationError('partSize', `must be a whole number of bytes, 1 or more, got ${partSize}`);
  const parts: PartPlan[] = [];
  for (let offset = 0, partNumber = 1; offset < size; offset += partSize, partNumber++) {
    parts.push({ partNumber, offset, size: Math.min(partSize, size - offset) });
  }
  return parts;
}

/**
 * The part size for a source of `size` bytes: `requested` checked against the rule
 * (ConfigurationError('partSize', …)), or the rule's default, grown (to the next multiple of
 * `multipleOf`) when the source would need more than `maxParts` parts of it. A source too large
 * for `maxParts × max` is an InputError: no part size fits it.
 */
export function choosePartSize(size: number, requested: number | undefined, rule: PartSizeRule): number {
  const step = rule.multipleOf ?? 1;
  const partsOf = (partSize: number) => Math.ceil(size / partSize);
  if (requested !== undefined) {
    if (!Number.isSafeInteger(requested) || requested < 1) throw new ConfigurationError('partSize', `must be a whole number of bytes, got ${requested}`);
    if (requested < rule.min) throw new ConfigurationError('partSize', `${requested} bytes is below this provider's smallest part size, ${rule.min} bytes`);
    if (requested > rule.max) throw new ConfigurationError('partSize', `${requested} bytes is above this provider's largest part size, ${rule.max} bytes`);
    if (requested % step !== 0) throw new ConfigurationError('partSize', `${requested} bytes is not a multiple of ${step} bytes, as this provider requires`);
    if (partsOf(requested) > rule.maxParts) {
      throw new ConfigurationError('partSize', `${requested} bytes cuts ${size} bytes into ${partsOf(requested)} parts; this provider allows at most ${rule.maxParts}`);
    }
    return requested;
  }
  let partSize = rule.default;
  if (partsOf(partSize) > rule.maxParts) partSize = Math.ceil(Math.ceil(size / rule.maxParts) / step) * step;
  if (partSize > rule.max) {
    throw new InputError(`a source of ${size} bytes is too large for this provider: at most ${rule.maxParts} parts of ${rule.max} bytes`);
  }
  return partSize;
}
