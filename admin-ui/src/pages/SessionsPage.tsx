import { Link } from 'react-router';
import { ChatSession } from '../api/client';
import { EmptyState, ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { LiveStatusLine } from '../live/LiveStatusLine';
import { useLive } from '../live/live';
import { useUserActions } from '../users/use-user-actions';

export function SessionsPage() {
  const heading = usePage('Sessions');
  const sessions = useLive().snapshot?.sessions;
  const feedback = useNotice();
  const actions = useUserActions(feedback, () => {});

  const columns: Column<ChatSession>[] = [
    { label: 'User', cell: (s) => <Link to={`/users/${encodeURIComponent(s.username)}`}>{s.username}</Link> },
    { label: 'Address', cell: (s) => s.address },
    { label: 'Since', cell: (s) => <DateTime iso={s.since} /> },
    { label: 'Protocol', cell: (s) => s.protocol },
    {
      label: 'Actions',
      actions: true,
      cell: (s) => (
        <button type="button" className="danger" aria-label={`Kick ${s.username}`} disabled={actions.busy} onClick={() => void actions.kick(s.username)}>
          Kick
        </button>
      ),
    },
  ];

  return (
    <section aria-labelledby="sessions-title">
      <div className="page-head">
        <h1 id="sessions-title" ref={heading} tabIndex={-1}>
          Sessions
        </h1>
        <LiveStatusLine />
      </div>
      <p className="muted">Who is connected now, from which address and since when.</p>
      <Outcome notice={feedback.notice} />
      <ErrorNote error={actions.error} />
      {sessions &&
        (sessions.length === 0 ? (
          <EmptyState>Nobody is online right now.</EmptyState>
        ) : (
          <Table rows={sessions} columns={columns} rowKey={(s) => s.username} labelledBy="sessions-title" />
        ))}
      {actions.dialogs}
    </section>
  );
}
