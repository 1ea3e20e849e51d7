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
    let held = 0;
    let released = false;
    const lease: BodyLease = {
      get held() {
        return held;
      },
      take: (bytes) => {
        if (released || this.#inFlight + bytes > this.limit) return false;
        this.#inFlight += bytes;
        held += bytes;
        return true;
      },
      release: () => {
        // A second call gives back the 0 bytes still held.
        released = true;
        this.#inFlight -= held;
        held = 0;
      },
    };
    return lease;
  }
}
