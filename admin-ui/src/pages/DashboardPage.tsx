import { Link } from 'react-router';
import { ChatSession } from '../api/client';
import { ActivityChart } from '../components/ActivityChart';
import { EmptyState } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import { usePage } from '../hooks/use-page';
import { LiveStatusLine } from '../live/LiveStatusLine';
import { useLive } from '../live/live';

const COLUMNS: Column<ChatSession>[] = [
  { label: 'User', cell: (s) => <Link to={`/users/${encodeURIComponent(s.username)}`}>{s.username}</Link> },
  { label: 'Address', cell: (s) => s.address },
  { label: 'Since', cell: (s) => <DateTime iso={s.since} /> },
];

export function DashboardPage() {
  const heading = usePage('Dashboard');
  const { snapshot, status } = useLive();

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title" ref={heading} tabIndex={-1}>
          Dashboard
        </h1>
        <LiveStatusLine />
      </div>
      {!snapshot ? (
        status !== 'offline' && <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="stat-grid">
            <Stat label="Online now" value={snapshot.stats.online} to="/sessions" />
            <Stat label="Locked accounts" value={snapshot.stats.lockedAccounts} to="/lockouts" />
            <Stat label="Stored messages waiting" value={snapshot.stats.storedMessages} to="/messages" />
          </div>
          <h2>Activity, last hour</h2>
          <ActivityChart perMinute={snapshot.stats.perMinute} />
          <h2 id="online-title">Who is online</h2>
          {snapshot.sessions.length === 0 ? (
            <EmptyState>Nobody is online right now.</EmptyState>
          ) : (
            <Table rows={snapshot.sessions} columns={COLUMNS} rowKey={(s) => s.username} labelledBy="online-title" testId="online-table" />
          )}
        </>
      )}
    </section>
  );
}

function Stat({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <Link className="stat" to={to}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </Link>
  );
}
