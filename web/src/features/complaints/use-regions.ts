import { useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import type { Items, Region } from '../../contracts.ts';
import { useResource } from '../../use-resource.ts';

/** The areas under `parentCode` (provinces for null); skipped while undefined. */
export function useRegions(parentCode: string | null | undefined) {
  const path =
    parentCode === undefined ? undefined : `/regions${query({ parentCode: parentCode ?? undefined })}`;
  return useResource<Items<Region>>(path);
}

/** Every level of a region code, e.g. 35.78.01 → [35, 35.78, 35.78.01]. */
export function regionAncestry(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, index) => parts.slice(0, index + 1).join('.'));
}

// Areas change once a year at most: one request per list for the life of the page.
const lists = new Map<string, Promise<Region[]>>();

function childrenOf(parentCode: string | undefined): Promise<Region[]> {
  const key = parentCode ?? '';
  let list = lists.get(key);
  if (!list) {
    list = api.get<Items<Region>>(`/regions${query({ parentCode })}`).then((result) => result.items);
    list.catch(() => lists.delete(key));
    lists.set(key, list);
  }
  return list;
}

/**
 * "Kota Surabaya, Jawa Timur" for each code's regency and province (a feed entry carries only the
 * code). Missing names are simply left out.
 */
export function useRegionNames(codes: readonly string[]): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const key = [...new Set(codes)].sort().join(' ');
  useEffect(() => {
    if (!key) return;
    let isCurrent = true;
    const wanted = key.split(' ');
    const provinces = [...new Set(wanted.map((code) => code.slice(0, 2)))];
    Promise.all([childrenOf(undefined), ...provinces.map((province) => childrenOf(province))])
      .then(([provinceList = [], ...regencyLists]) => {
        if (!isCurrent) return;
        const byCode = new Map<string, string>();
        for (const region of [...provinceList, ...regencyLists.flat()]) byCode.set(region.code, region.name);
        const next = new Map<string, string>();
        for (const code of wanted) {
          const [province, regency] = regionAncestry(code);
          const parts = [regency && byCode.get(regency), province && byCode.get(province)].filter(Boolean);
          if (parts.length > 0) next.set(code, parts.join(', '));
        }
        setNames(next);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [key]);
  return names;
}
