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
  /** Forgets the session at once, with the reason the sign-in screen shows. */
  endSession(why: string): void;
}

// Kept per browser tab, so a reload stays signed in and closing the tab forgets the token.
const STORAGE_KEY = 'parley.session';

export const EXPIRED = 'Your session expired. Sign in again.';
export const REVOKED = 'Your session was ended (signed out elsewhere or revoked). Sign in again.';
export const NOT_ADMIN = 'Your account is no longer an administrator, so this console signed you out.';

const isExpired = (session: Session) => new Date(session.expiresAt).getTime() <= Date.now();

/** The stored session, and why it was dropped when it had expired. */
function storedSession(): { session: Session | null; notice: string | null } {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (!session) return { session: null, notice: null };
    if (isExpired(session)) {
      sessionStorage.removeItem(STORAGE_KEY);
      return { session: null, notice: EXPIRED };
    }
    return { session, notice: null };
  } catch {
    return { session: null, notice: null };
  }
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [initial] = useState(storedSession);
  const [session, setSession] = useState<Session | null>(() => {
    setToken(initial.session?.token ?? null);
    return initial.session;
  });
  const [notice, setNotice] = useState<string | null>(initial.notice);

  const endSession = useCallback((why: string | null) => {
    setToken(null);
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
    setNotice(why);
  }, []);

  useEffect(() => {
    onUnauthorized((status) => {
      if (status === 403) endSession(NOT_ADMIN);
      else endSession(session && isExpired(session) ? EXPIRED : REVOKED);
    });
  }, [endSession, session]);

  // Signs out when the token's lifetime ends, rather than at the next refused call.
  useEffect(() => {
    if (!session) return;
    const left = new Date(session.expiresAt).getTime() - Date.now();
    const timer = setTimeout(() => endSession(EXPIRED), Math.min(Math.max(0, left), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [session, endSession]);

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
    endSession(null);
  }, [endSession]);

  const value = useMemo(
    () => ({ session, notice, signIn, signOut, endSession: (why: string) => endSession(why) }),
    [session, notice, signIn, signOut, endSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** Whether `name` is the signed-in admin (names are case-insensitive). */
export function useIsMe(): (name: string) => boolean {
  const { session } = useAuth();
  return (name) => session !== null && session.username.toLowerCase() === name.toLowerCase();
}
