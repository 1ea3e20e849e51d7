/**
 * The request-body bytes the emulator holds at once, across every request in flight. The
 * per-request limit (`maxBodyBytes`) alone lets many connections each hold a body just under it
 * (300 connections with 1 MiB minus one byte each were +287 MB RSS); the budget caps the sum, and
 * a request that would exceed it is refused with the provider's "service busy" answer instead of
 * being buffered.
 */
export interface BodyLease {
  /** Bytes this request holds. */
  readonly held: number;
  /**
   * Takes `bytes` more from the budget; `false` (and nothing taken) when the budget cannot cover
   * them. After `release()` nothing more can be taken.
   */
  take(bytes: number): boolean;
  /** Gives back everything this lease holds; later calls do nothing. */
  release(): void;
}

export class BodyBudget {
  #inFlight = 0;

  constructor(readonly limit: number) {}

  /** Bytes held by all leases not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** One lease per request; release it once the body is no longer referenced. */
  lease(): BodyLease {
    return new Lease(this.#adjust);
  }

  /** The leases' one way in: `bytes` more in flight if the limit allows (negative gives back). */
  readonly #adjust = (bytes: number): boolean => {
    if (bytes > 0 && this.#inFlight + bytes > this.limit) return false;
    this.#inFlight += bytes;
    return true;
  };
}

/** A class, not an object of closures: one allocation per request instead of four. */
class Lease implements BodyLease {
  #held = 0;
  #released = false;

  readonly #adjust: (bytes: number) => boolean;

  constructor(adjust: (bytes: number) => boolean) {
    this.#adjust = adjust;
  }

  get held(): number {
    return this.#held;
  }

  take(bytes: number): boolean {
    if (this.#released || !this.#adjust(bytes)) return false;
    this.#held += bytes;
    return true;
  }

  release(): void {
    // A second call gives back the 0 bytes still held.
    this.#released = true;
    this.#adjust(-this.#held);
    this.#held = 0;
  }
}
