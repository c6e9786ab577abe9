import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, problemOf } from '../../api.ts';
import type { ComplaintView, Problem, PublicComplaint } from '../../contracts.ts';
import { useSession } from '../auth/session.tsx';

export type LoadedComplaint =
  | { mode: 'full'; view: ComplaintView }
  | { mode: 'public'; view: PublicComplaint };

type State = {
  complaint: LoadedComplaint | undefined;
  problem: Problem | undefined;
  isLoading: boolean;
};

/**
 * A report as the caller may see it: the full record for its reporter and the officers handling or
 * overseeing it (GET /complaints/{id}), otherwise the public view (GET /public/complaints/{id}),
 * which never holds the reporter's identity. A reload keeps the shown report until the new arrives.
 */
export function useComplaint(trackingId: string) {
  const { session } = useSession();
  const [state, setState] = useState<State>({ complaint: undefined, problem: undefined, isLoading: true });
  const [version, setVersion] = useState(0);
  const path = encodeURIComponent(trackingId);

  useEffect(() => {
    if (session.status === 'loading') return;
    let isCurrent = true;
    void version;
    const load = async (): Promise<LoadedComplaint> => {
      if (session.status === 'signed-in') {
        try {
          return { mode: 'full', view: await api.get<ComplaintView>(`/complaints/${path}`) };
        } catch (error) {
          // Not theirs to see in full (404), or not a role that reads reports (403): the public view.
          if (!(error instanceof ApiError && (error.status === 404 || error.status === 403))) throw error;
        }
      }
      return { mode: 'public', view: await api.get<PublicComplaint>(`/public/complaints/${path}`) };
    };
    setState((current) => ({ ...current, isLoading: true }));
    load()
      .then((complaint) => {
        if (isCurrent) setState({ complaint, problem: undefined, isLoading: false });
      })
      .catch((error: unknown) => {
        if (isCurrent) setState({ complaint: undefined, problem: problemOf(error), isLoading: false });
      });
    return () => {
      isCurrent = false;
    };
  }, [path, session.status, version]);

  const replace = useCallback((view: ComplaintView) => {
    setState({ complaint: { mode: 'full', view }, problem: undefined, isLoading: false });
  }, []);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { ...state, replace, reload };
}
