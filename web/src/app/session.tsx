/**
 * The session context: who is signed in, the API bound to that session, sign-in and sign-out.
 * On start it asks `GET /api/v1/session` whether the cookie still holds a session.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/client';
import { HeraldApi } from '../api/herald';

/** Where the session stands. */
export type SessionState =
  | { kind: 'checking' }
  | { kind: 'signedOut'; expired: boolean }
  | { kind: 'signedIn'; username: string };

interface SessionValue {
  state: SessionState;
  api: HeraldApi;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Owns the API client of this browser tab. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useMemo(() => new HeraldApi(new ApiClient()), []);
  const [state, setState] = useState<SessionState>({ kind: 'checking' });

  useEffect(() => {
    let active = true;
    api.client.onUnauthorized = () => {
      api.client.setCsrfToken(null);
      setState({ kind: 'signedOut', expired: true });
    };
    api
      .currentSession()
      .then((session) => active && setState({ kind: 'signedIn', username: session.username }))
      .catch(() => active && setState({ kind: 'signedOut', expired: false }));
    return () => {
      active = false;
      api.client.onUnauthorized = null;
    };
  }, [api]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const session = await api.signIn(username, password);
      setState({ kind: 'signedIn', username: session.username });
    },
    [api],
  );

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setState({ kind: 'signedOut', expired: false });
    }
  }, [api]);

  const value = useMemo(() => ({ state, api, signIn, signOut }), [state, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session and its API. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API of the signed-in session. */
export function useApi(): HeraldApi {
  return useSession().api;
}
