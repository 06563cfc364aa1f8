import { useState } from 'react';
import { api, call, ChatSession } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Notice } from '../components/feedback';
import { DateTime } from '../components/format';
import { useConfirm } from '../components/useConfirm';

const REFRESH_MS = 5000;

export function SessionsPage() {
  const sessions = useResource((signal) => call(api.GET('/api/sessions', { params: { query: { limit: 500 } }, signal })), [], REFRESH_MS);
  const kick = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDialog, confirm] = useConfirm();

  const kickUser = async (session: ChatSession) => {
    const ok = await confirm({
      title: `Disconnect ${session.username}?`,
      message: (
        <p>
          <strong>{session.username}</strong> is told an administrator disconnected them, and their connection closes.
          They can log in again.
        </p>
      ),
      action: `Disconnect ${session.username}`,
    });
    if (!ok) return;
    setNotice(null);
    if (await kick.perform(() => call(api.DELETE('/api/sessions/{name}', { params: { path: { name: session.username } } })))) {
      setNotice(`Disconnected ${session.username}.`);
      sessions.reload();
    }
  };

  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">Sessions</h1>
      <p className="muted">Who is connected now, from which address and since when.</p>
      <Notice>{notice}</Notice>
      <ErrorNote error={kick.error} />
      <ErrorNote error={sessions.error} />
      {sessions.data &&
        (sessions.data.items.length === 0 ? (
          <EmptyState>Nobody is online right now.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="sessions-title">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Address</th>
                  <th scope="col">Since</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.items.map((session) => (
                  <tr key={session.username}>
                    <td>{session.username}</td>
                    <td>{session.address}</td>
                    <td>
                      <DateTime iso={session.since} />
                    </td>
                    <td>{session.protocol}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Kick ${session.username}`}
                        disabled={kick.busy}
                        onClick={() => void kickUser(session)}
                      >
                        Kick
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {confirmDialog}
    </section>
  );
}
