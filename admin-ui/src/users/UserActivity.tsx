import { Link } from 'react-router';
import { api, call } from '../api/client';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import type { AuditEntry, Block, StoredMessage } from '../api/client';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The blocks, stored messages and audit entries of one user, for their page. */
export function UserActivity({ username, version }: { username: string; version: number }) {
  const data = useResource(
    async (signal) => {
      const [blocks, to, from, audit] = await Promise.all([
        call(api.GET('/api/blocks', { params: { query: { user: username, limit: 500 } }, signal })),
        call(api.GET('/api/messages', { params: { query: { recipient: username, limit: 500 } }, signal })),
        call(api.GET('/api/messages', { params: { query: { sender: username, limit: 500 } }, signal })),
        call(api.GET('/api/audit', { params: { query: { user: username, limit: 20 } }, signal })),
      ]);
      // The message filters match part of a name; this page is about this user only.
      const messages = [...to.items.filter((m) => same(m.recipient, username)), ...from.items.filter((m) => same(m.sender, username))];
      return { blocks: blocks.items, messages: messages.sort((a, b) => a.id - b.id), audit: audit.items };
    },
    [username, version],
  );
  if (data.error) return <ErrorNote error={data.error} />;
  if (!data.data) return <p className="muted">Loading…</p>;
  return (
    <>
      <h2 id="user-blocks-title">Blocks</h2>
      <BlockList blocks={data.data.blocks} username={username} />
      <h2 id="user-messages-title">Stored messages to and from {username}</h2>
      <MessageList messages={data.data.messages} />
      <h2 id="user-audit-title">Recent audit entries</h2>
      <AuditList entries={data.data.audit} username={username} />
    </>
  );
}

function BlockList({ blocks, username }: { blocks: Block[]; username: string }) {
  if (blocks.length === 0) return <EmptyState>{username} has not blocked anyone, and nobody has blocked them.</EmptyState>;
  const columns: Column<Block>[] = [
    { label: 'Who blocked', cell: (b) => <Link to={`/users/${encodeURIComponent(b.blocker)}`}>{b.blocker}</Link> },
    { label: 'Whom', cell: (b) => <Link to={`/users/${encodeURIComponent(b.blocked)}`}>{b.blocked}</Link> },
    { label: 'Since', cell: (b) => <DateTime iso={b.createdAt} /> },
  ];
  return <Table rows={blocks} columns={columns} rowKey={(b) => `${b.blocker}>${b.blocked}`} labelledBy="user-blocks-title" />;
}

function MessageList({ messages }: { messages: StoredMessage[] }) {
  if (messages.length === 0) return <EmptyState>No stored message is waiting to or from this user.</EmptyState>;
  const columns: Column<StoredMessage>[] = [
    { label: 'From', cell: (m) => m.sender },
    { label: 'To', cell: (m) => m.recipient },
    { label: 'Stored', cell: (m) => <DateTime iso={m.storedAt} /> },
    { label: 'Text', cell: (m) => m.text, className: 'message-preview' },
  ];
  return (
    <>
      <Table rows={messages} columns={columns} rowKey={(m) => m.id} labelledBy="user-messages-title" />
      <p className="small">
        <Link to="/messages">Manage stored messages</Link>
      </p>
    </>
  );
}

function AuditList({ entries, username }: { entries: AuditEntry[]; username: string }) {
  if (entries.length === 0) return <EmptyState>No admin action concerned {username} yet.</EmptyState>;
  const columns: Column<AuditEntry>[] = [
    { label: 'When', cell: (e) => <DateTime iso={e.at} /> },
    { label: 'Who', cell: (e) => e.actor },
    { label: 'Action', cell: (e) => <code>{e.action}</code> },
    { label: 'Target', cell: (e) => e.target ?? '—', className: 'multiline' },
  ];
  return (
    <>
      <Table rows={entries} columns={columns} rowKey={(e) => e.id} labelledBy="user-audit-title" />
      <p className="small">
        <Link to={`/audit?user=${encodeURIComponent(username)}`}>All audit entries about {username}</Link>
      </p>
    </>
  );
}
