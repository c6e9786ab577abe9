import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onSessionExpired, setCsrfToken } from '../../api.ts';
import type { Me, SessionCreated } from '../../contracts.ts';

type Session =
  | { status: 'loading'; user: undefined }
  | { status: 'anonymous'; user: undefined }
  | { status: 'signed-in'; user: Me };

type SessionApi = {
  session: Session;
  signedIn: (created: SessionCreated) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionApi | undefined>(undefined);
const ANONYMOUS: Session = { status: 'anonymous', user: undefined };

/**
 * The logged-in user. The session itself is an httpOnly cookie; on page load GET /me tells whether
 * it is still valid and hands out the CSRF token, which is kept in memory only.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading', user: undefined });

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<Me>('/me');
      setCsrfToken(me.csrfToken);
      setSession({ status: 'signed-in', user: me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(undefined);
        setSession(ANONYMOUS);
        return;
      }
      // The server could not be asked: treat the visitor as anonymous rather than hang on "loading".
      setSession((current) => (current.status === 'loading' ? ANONYMOUS : current));
    }
  }, []);

  useEffect(() => {
    void refresh();
    onSessionExpired(() => {
      setCsrfToken(undefined);
      setSession(ANONYMOUS);
    });
    return () => onSessionExpired(undefined);
  }, [refresh]);

  const signedIn = useCallback((created: SessionCreated) => {
    setCsrfToken(created.csrfToken);
    setSession({ status: 'signed-in', user: { ...created.user, csrfToken: created.csrfToken } });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout');
    } catch (error) {
      // An already-ended session is logged out all the same.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(undefined);
    setSession(ANONYMOUS);
  }, []);

  const value = useMemo(
    () => ({ session, signedIn, signOut, refresh }),
    [session, signedIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>');
  return context;
}
