import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, call, User } from '../api/client';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { Pager } from '../components/Pager';
import { Column, Table } from '../components/Table';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { useReloadOn } from '../hooks/use-reload-on';
import { offsetOf, pageParam, useUrlState } from '../hooks/use-url-state';
import { useLiveChanges } from '../live/live';
import { CreateUserForm } from '../users/CreateUserForm';
import { useUserActions } from '../users/use-user-actions';
import { isLocked, UserStatus } from '../users/UserStatus';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

export function UsersPage() {
  const heading = usePage('Users');
  const [url, setUrl] = useUrlState(['q', 'page'] as const);
  const [search, setSearch] = useState(url.q);
  const offset = offsetOf(url.page, PAGE_SIZE);
  const feedback = useNotice([url.q, url.page]);
  const arrivedWith = (useLocation().state as { notice?: string } | null)?.notice;
  useEffect(() => {
    if (arrivedWith) feedback.success(arrivedWith);
  }, [arrivedWith]);

  // The box follows the address (Back, a shared link); typing updates the address after a pause.
  useEffect(() => setSearch(url.q), [url.q]);
  useEffect(() => {
    const typed = search.trim();
    if (typed === url.q) return;
    const timer = setTimeout(() => setUrl({ q: typed, page: '' }, { replace: true }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const users = useResource(
    (signal) => call(api.GET('/api/users', { params: { query: { q: url.q || undefined, limit: PAGE_SIZE, offset } }, signal })),
    [url.q, offset],
  );
  useReloadOn(useLiveChanges(), users.reload);
  const actions = useUserActions(feedback, users.reload);

  const columns: Column<User>[] = [
    { label: 'Username', cell: (user) => <Link to={`/users/${encodeURIComponent(user.username)}`}>{user.username}</Link> },
    { label: 'Role', cell: (user) => user.role },
    { label: 'Status', cell: (user) => <UserStatus user={user} /> },
    { label: 'Last login', cell: (user) => <DateTime iso={user.lastLoginAt} /> },
    { label: 'Failed logins', cell: (user) => user.failuresSinceLogin },
    { label: 'Stored messages', cell: (user) => user.storedMessages },
    { label: 'Actions', actions: true, cell: (user) => <RowActions user={user} actions={actions} /> },
  ];

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" ref={heading} tabIndex={-1}>
        Users
      </h1>
      <CreateUserForm
        onEdit={feedback.clear}
        onCreated={(user) => {
          feedback.success(`Created ${user.username}.`);
          users.reload();
        }}
      />
      <h2 id="user-list-title">All users</h2>
      <div className="toolbar">
        <label className="inline">
          Search
          <input type="search" name="q" placeholder="Part of a username" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <Outcome notice={feedback.notice} />
      <ErrorNote error={actions.error} />
      <ErrorNote error={users.error} />
      {users.data &&
        (users.data.items.length === 0 ? (
          <EmptyState>{url.q ? `No user name contains “${url.q}”.` : 'There are no users yet.'}</EmptyState>
        ) : (
          <>
            <Table rows={users.data.items} columns={columns} rowKey={(user) => user.username} labelledBy="user-list-title" />
            <Pager
              total={users.data.total}
              limit={PAGE_SIZE}
              offset={offset}
              onChange={(next) => setUrl({ page: pageParam(next, PAGE_SIZE) })}
              noun="User"
            />
          </>
        ))}
      {actions.dialogs}
    </section>
  );
}

function RowActions({ user, actions }: { user: User; actions: ReturnType<typeof useUserActions> }) {
  return (
    <>
      {isLocked(user) && (
        <button type="button" className="primary" aria-label={`Unlock ${user.username}`} disabled={actions.busy} onClick={() => void actions.unlock(user.username)}>
          Unlock
        </button>
      )}
      <button type="button" aria-label={`Reset password of ${user.username}`} onClick={() => actions.resetPassword(user)}>
        Reset password
      </button>
      <button type="button" aria-label={`Change role of ${user.username}`} onClick={() => actions.changeRole(user)}>
        Change role
      </button>
      <button type="button" className="danger" aria-label={`Delete ${user.username}`} disabled={actions.busy} onClick={() => void actions.remove(user)}>
        Delete
      </button>
    </>
  );
}
