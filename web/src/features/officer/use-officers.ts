import type { Items, Officer } from '../../contracts.ts';
import { useResource } from '../../use-resource.ts';

/** Officers of the agencies within the actor's authority (the server applies the limit). */
export function useOfficers(isAllowed: boolean) {
  return useResource<Items<Officer>>(isAllowed ? '/officers?limit=200' : undefined);
}
