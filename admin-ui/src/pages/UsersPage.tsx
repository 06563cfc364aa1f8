import { FormEvent, useEffect, useState } from 'react';
import { api, call, Role, User } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { EmptyState, ErrorNote, Notice } from '../components/feedback';
import { DateTime } from '../components/format';
import { Modal } from '../components/Modal';
import { Pager } from '../components/Pager';
import { useConfirm } from '../components/useConfirm';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ user: User; what: 'password' | 'role' } | null>(null);
  const [confirmDialog, confirm] = useConfirm();
  const rowAction = useAction();

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const users = useResource(
    (signal) =>
      call(api.GET('/api/users', { params: { query: { q: query || undefined, limit: PAGE_SIZE, offset } }, signal })),
    [query, offset],
  );

  const remove = async (user: User) => {
    const ok = await confirm({
      title: `Delete ${user.username}?`,
      message: (
        <p>
          <strong>{user.username}</strong> is disconnected if online, and their blocks and stored messages are
          removed. This cannot be undone.
        </p>
      ),
      action: `Delete ${user.username}`,
    });
    if (!ok) return;
    if (await rowAction.perform(() => call(api.DELETE('/api/users/{name}', { params: { path: { name: user.username } } })))) {
      setNotice(`Deleted ${user.username}.`);
      users.reload();
    }
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <CreateUserForm
        onCreated={(user) => {
          setNotice(`Created ${user.username}.`);
          users.reload();
        }}
      />
      <h2 id="user-list-title">All users</h2>
      <div className="toolbar">
        <label className="inline">
          Search
          <input
            type="search"
            name="q"
            placeholder="Part of a username"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </div>
      <Notice>{notice}</Notice>
      <ErrorNote error={rowAction.error} />
      <ErrorNote error={users.error} />
      {users.data &&
        (users.data.items.length === 0 ? (
          <EmptyState>{query ? `No user name contains “${query}”.` : 'There are no users yet.'}</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table aria-labelledby="user-list-title">
                <thead>
                  <tr>
                    <th scope="col">Username</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last login</th>
                    <th scope="col">Failed logins</th>
                    <th scope="col">Stored messages</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((user) => (
                    <tr key={user.username}>
                      <td>{user.username}</td>
                      <td>{user.role}</td>
                      <td>
                        <UserStatus user={user} />
                      </td>
                      <td>
                        <DateTime iso={user.lastLoginAt} />
                      </td>
                      <td>{user.failedAttempts}</td>
                      <td>{user.storedMessages}</td>
                      <td className="actions">
                        <button type="button" aria-label={`Reset password of ${user.username}`} onClick={() => setEditing({ user, what: 'password' })}>
                          Reset password
                        </button>
                        <button type="button" aria-label={`Change role of ${user.username}`} onClick={() => setEditing({ user, what: 'role' })}>
                          Change role
                        </button>
                        <button type="button" className="danger" aria-label={`Delete ${user.username}`} disabled={rowAction.busy} onClick={() => void remove(user)}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={users.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} noun="User" />
          </>
        ))}
      {editing?.what === 'password' && (
        <PasswordDialog
          user={editing.user}
          onClose={() => setEditing(null)}
          onDone={() => {
            setNotice(`Password of ${editing.user.username} reset.`);
            setEditing(null);
          }}
        />
      )}
      {editing?.what === 'role' && (
        <RoleDialog
          user={editing.user}
          onClose={() => setEditing(null)}
          onDone={(user) => {
            setNotice(`${user.username} is now ${user.role === 'admin' ? 'an admin' : 'a user'}.`);
            setEditing(null);
            users.reload();
          }}
        />
      )}
      {confirmDialog}
    </section>
  );
}

function UserStatus({ user }: { user: User }) {
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) {
    return <span className="badge badge-locked">locked</span>;
  }
  return user.online ? <span className="badge badge-online">online</span> : <span className="muted">offline</span>;
}

function CreateUserForm({ onCreated }: { onCreated(user: User): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let created: User | undefined;
    const ok = await action.perform(async () => {
      created = await call(api.POST('/api/users', { body: { username: username.trim(), password, role } }));
    });
    if (ok && created) {
      setUsername('');
      setPassword('');
      setRole('user');
      onCreated(created);
    }
  };

  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <label>
        Username
        <input
          name="new-username"
          required
          maxLength={32}
          pattern="[A-Za-z0-9_.\-]{1,32}"
          title="1–32 letters, digits, _ - ."
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        Password
        <input
          name="new-password"
          type="password"
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        Role
        <select name="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="user">user</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={action.busy}>
        Create user
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function PasswordDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.perform(() =>
      call(api.PUT('/api/users/{name}/password', { params: { path: { name: user.username } }, body: { password } })),
    );
    if (ok) onDone();
  };
  return (
    <Modal title={`Reset the password of ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          New password
          <input type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorNote error={action.error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            Set password
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RoleDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(user: User): void }) {
  const [role, setRole] = useState<Role>(user.role);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let updated: User | undefined;
    const ok = await action.perform(async () => {
      updated = await call(api.PUT('/api/users/{name}/role', { params: { path: { name: user.username } }, body: { role } }));
    });
    if (ok && updated) onDone(updated);
  };
  return (
    <Modal title={`Change the role of ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="user">user: chat only</option>
            <option value="admin">admin: chat and this console</option>
          </select>
        </label>
        <ErrorNote error={action.error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={action.busy || role === user.role}>
            Save role
          </button>
        </div>
      </form>
    </Modal>
  );
}
