import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.ts';
import type { Problem } from './contracts.ts';

type Resource<T> = {
  data: T | undefined;
  problem: Problem | undefined;
  isLoading: boolean;
  reload: () => void;
};

/** GETs `path` (skipped while undefined), with reload for after a change. */
export function useResource<T>(path: string | undefined): Resource<T> {
  const [data, setData] = useState<T | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isLoading, setLoading] = useState(path !== undefined);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === undefined) return;
    let isCurrent = true;
    setLoading(true);
    // `version` is read so that reload() runs the request again.
    void version;
    api
      .get<T>(path)
      .then((result) => {
        if (!isCurrent) return;
        setData(result);
        setProblem(undefined);
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        setProblem(
          error instanceof ApiError
            ? error.problem
            : { type: '', title: String(error), status: 0, code: 'UNEXPECTED' },
        );
      })
      .finally(() => {
        if (isCurrent) setLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [path, version]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { data, problem, isLoading, reload };
}
