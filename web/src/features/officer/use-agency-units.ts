import { query } from '../../api.ts';
import type { AgencySummary, Items } from '../../contracts.ts';
import { useResource } from '../../use-resource.ts';

/** The units directly under an agency. */
export function useAgencyUnits(parentCode: string | undefined) {
  return useResource<Items<AgencySummary>>(
    parentCode === undefined ? undefined : `/agencies${query({ parentCode, limit: 500 })}`,
  );
}
