/**
 * The provider ids and facts, generated from specs/ (one `specs/<id>.yaml` per provider):
 * drivespec keeps no other list of providers.
 */
export { isProviderId, providerIds, providers, type ProviderId } from '../../generated/providers.js';

import { providerIds, type ProviderId } from '../../generated/providers.js';

/** One value per provider, made by `make`: a `Record<ProviderId, T>` that names every provider. */
export function byProvider<T>(make: (id: ProviderId) => T): Record<ProviderId, T> {
  // Object.fromEntries loses the key type; every id is there by construction.
  return Object.fromEntries(providerIds.map((id) => [id, make(id)])) as Record<ProviderId, T>;
}
