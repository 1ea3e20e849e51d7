/** Injected failures: the next `count` calls of an operation answer the provider's internal error. */
import type { ProviderId } from '../core/provider.js';
import { key } from './state.js';

export class FaultPlan {
  readonly #pending = new Map<string, { status: 500 | 503; remaining: number }>();

  add(provider: ProviderId, operationId: string, status: 500 | 503, count: number): void {
    this.#pending.set(key(provider, operationId), { status, remaining: count });
  }

  /** Consumes one pending fault of the operation, if any. */
  take(provider: ProviderId, operationId: string): 500 | 503 | undefined {
    // Called on every request; usually nothing is planned, and then no key is built.
    if (this.#pending.size === 0) return undefined;
    const k = key(provider, operationId);
    const fault = this.#pending.get(k);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#pending.delete(k);
    return fault.status;
  }

  clear(): void {
    this.#pending.clear();
  }
}
