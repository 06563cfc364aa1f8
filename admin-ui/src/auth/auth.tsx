import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, call, onUnauthorized, setToken } from '../api/client';

export interface Session {
  token: string;
  username: string;
  expiresAt: string;
}

interface Auth {
  session: Session | null;
  /** Why the last session ended without a sign-out (shown on the sign-in screen), if it did. */
  notice: string | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

// Kept per browser tab, so a reload stays signed in and closing the tab forgets the token.
const STORAGE_KEY = 'parley.session';

function storedSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && new Date(session.expiresAt).getTime() > Date.now() ? session : null;
  } catch {
    return null;
  }
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const stored = storedSession();
    setToken(stored?.token ?? null);
    return stored;
  });
  const [notice, setNotice] = useState<string | null>(null);

  const forget = useCallback((why: string | null) => {
    setToken(null);
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
    setNotice(why);
  }, []);

  useEffect(() => {
    onUnauthorized(() => forget('Your session has ended. Sign in again.'));
  }, [forget]);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await call(api.POST('/api/auth/login', { body: { username, password } }));
    const next = { token: result.token, username: result.username, expiresAt: result.expiresAt };
    setToken(next.token);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setNotice(null);
    setSession(next);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(api.POST('/api/auth/logout'));
    } catch {
      // The token is forgotten here either way; the server expires it on its own.
    }
    forget(null);
  }, [forget]);

  const value = useMemo(() => ({ session, notice, signIn, signOut }), [session, notice, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}
