import { useState } from 'react';
import { api, call } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Notice } from '../components/feedback';
import { DateTime, formatDuration } from '../components/format';

const REFRESH_MS = 5000;

export function LockoutsPage() {
  const lockouts = useResource((signal) => call(api.GET('/api/lockouts', { params: { query: { limit: 500 } }, signal })), [], REFRESH_MS);
  const unlock = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const unlockUser = async (username: string) => {
    setNotice(null);
    if (await unlock.perform(() => call(api.DELETE('/api/lockouts/{name}', { params: { path: { name: username } } })))) {
      setNotice(`Unlocked ${username}; they can log in again now.`);
      lockouts.reload();
    }
  };

  return (
    <section aria-labelledby="lockouts-title">
      <h1 id="lockouts-title">Lockouts</h1>
      <p className="muted">Accounts locked after too many failed logins. Unlocking also resets the count of failures.</p>
      <Notice>{notice}</Notice>
      <ErrorNote error={unlock.error} />
      <ErrorNote error={lockouts.error} />
      {lockouts.data &&
        (lockouts.data.items.length === 0 ? (
          <EmptyState>No account is locked.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="lockouts-title">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Locked until</th>
                  <th scope="col">Time left</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {lockouts.data.items.map((lockout) => (
                  <tr key={lockout.username}>
                    <td>{lockout.username}</td>
                    <td>
                      <DateTime iso={lockout.lockedUntil} />
                    </td>
                    <td>{formatDuration(lockout.secondsRemaining)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="primary"
                        aria-label={`Unlock ${lockout.username}`}
                        disabled={unlock.busy}
                        onClick={() => void unlockUser(lockout.username)}
                      >
                        Unlock
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
