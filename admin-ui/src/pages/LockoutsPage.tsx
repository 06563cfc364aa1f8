import { Link } from 'react-router';
import { Lockout } from '../api/client';
import { Countdown } from '../components/Countdown';
import { EmptyState, ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { LiveStatusLine } from '../live/LiveStatusLine';
import { useLive } from '../live/live';
import { useUserActions } from '../users/use-user-actions';

export function LockoutsPage() {
  const heading = usePage('Lockouts');
  const live = useLive();
  const feedback = useNotice();
  const actions = useUserActions(feedback, () => {});
  const lockouts = live.snapshot?.lockouts;
  const receivedAt = live.receivedAt?.getTime() ?? Date.now();

  const columns: Column<Lockout>[] = [
    { label: 'User', cell: (l) => <Link to={`/users/${encodeURIComponent(l.username)}`}>{l.username}</Link> },
    { label: 'Locked until', cell: (l) => <DateTime iso={l.lockedUntil} /> },
    // Counted from the server's own figure, so a skewed browser clock does not matter.
    { label: 'Time left', cell: (l) => <Countdown endsAt={receivedAt + l.secondsRemaining * 1000} /> },
    {
      label: 'Actions',
      actions: true,
      cell: (l) => (
        <button type="button" className="primary" aria-label={`Unlock ${l.username}`} disabled={actions.busy} onClick={() => void actions.unlock(l.username)}>
          Unlock
        </button>
      ),
    },
  ];

  return (
    <section aria-labelledby="lockouts-title">
      <div className="page-head">
        <h1 id="lockouts-title" ref={heading} tabIndex={-1}>
          Lockouts
        </h1>
        <LiveStatusLine />
      </div>
      <p className="muted">Accounts locked after too many failed logins. Unlocking also resets the count of failures.</p>
      <Outcome notice={feedback.notice} />
      <ErrorNote error={actions.error} />
      {lockouts &&
        (lockouts.length === 0 ? (
          <EmptyState>No account is locked.</EmptyState>
        ) : (
          <Table rows={lockouts} columns={columns} rowKey={(l) => l.username} labelledBy="lockouts-title" />
        ))}
      {actions.dialogs}
    </section>
  );
}
