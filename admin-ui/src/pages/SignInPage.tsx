import { FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, describeError } from '../api/client';
import { useAuth } from '../auth/auth';
import { ErrorNote, Notice } from '../components/feedback';
import { formatDuration } from '../components/format';

export function SignInPage() {
  const { session, notice, signIn } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = 'Sign in · Parley admin';
  }, []);

  if (session) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(signInError(err));
      // A refused password is never left in the field for the next try.
      setPassword('');
      setBusy(false);
      passwordField.current?.focus();
    }
  };

  return (
    <main className="signin" id="main">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Parley admin</h1>
        <p className="muted">Sign in with an administrator account.</p>
        <Notice>{notice}</Notice>
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            ref={passwordField}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function signInError(err: unknown): string {
  if (!(err instanceof ApiError)) return describeError(err);
  switch (err.status) {
    case 401:
      return 'Wrong username or password.';
    case 403:
      return 'This account is not an administrator.';
    case 423: {
      const seconds = (err.body as { secondsRemaining?: number } | undefined)?.secondsRemaining;
      return `This account is locked${seconds ? ` for another ${formatDuration(seconds)}` : ''} after too many failed logins.`;
    }
    case 429:
      return 'Too many sign-in attempts from this address. Wait a minute and try again.';
    default:
      return err.message;
  }
}
