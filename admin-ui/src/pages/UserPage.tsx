import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, User } from '../api/client';
import { useResource } from '../api/use-resource';
import { Countdown } from '../components/Countdown';
import { ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { useReloadOn } from '../hooks/use-reload-on';
import { useLive, useLiveChanges } from '../live/live';
import { UserActivity } from '../users/UserActivity';
import { useUserActions } from '../users/use-user-actions';
import { isLocked } from '../users/UserStatus';

/** One account: its details, its session if online, blocks, stored messages and audit entries. */
export function UserPage() {
  const name = useParams().name ?? '';
  const heading = usePage(`User ${name}`);
  const navigate = useNavigate();
  const feedback = useNotice([name]);
  const [version, setVersion] = useState(0);
  const user = useResource(
    (signal) => call(api.GET('/api/users/{name}', { params: { path: { name } }, signal })),
    [name, version],
  );
  const reload = () => setVersion((v) => v + 1);
  useReloadOn(useLiveChanges(), reload);
  const actions = useUserActions(feedback, reload);
  const notFound = user.error && !user.data;

  return (
    <section aria-labelledby="user-title">
      <p className="small">
        <Link to="/users">← All users</Link>
      </p>
      <h1 id="user-title" ref={heading} tabIndex={-1}>
        {user.data?.username ?? name}
      </h1>
      <Outcome notice={feedback.notice} />
      <ErrorNote error={actions.error} />
      <ErrorNote error={user.error} />
      {notFound && user.error?.includes('no user') && <p>Pick another account from the list of users.</p>}
      {user.data && (
        <>
          <Account user={user.data} />
          <div className="action-list page-actions">
            {isLocked(user.data) && (
              <button type="button" className="primary" disabled={actions.busy} onClick={() => void actions.unlock(user.data!.username)}>
                Unlock
              </button>
            )}
            <button type="button" onClick={() => actions.resetPassword(user.data!)}>
              Reset password
            </button>
            <button type="button" onClick={() => actions.changeRole(user.data!)}>
              Change role
            </button>
            {user.data.online && (
              <button type="button" className="danger" disabled={actions.busy} onClick={() => void actions.kick(user.data!.username)}>
                Kick
              </button>
            )}
            <button
              type="button"
              className="danger"
              disabled={actions.busy}
              onClick={async () => {
                if (await actions.remove(user.data!)) navigate('/users', { state: { notice: `Deleted ${user.data!.username}.` } });
              }}
            >
              Delete
            </button>
          </div>
          <UserActivity username={user.data.username} version={version} />
        </>
      )}
      {actions.dialogs}
    </section>
  );
}

function Account({ user }: { user: User }) {
  const live = useLive();
  const session = live.snapshot?.sessions.find((s) => s.username.toLowerCase() === user.username.toLowerCase());
  return (
    <dl className="details card">
      <dt>Role</dt>
      <dd>{user.role}</dd>
      <dt>Status</dt>
      <dd>
        {session ? (
          <>
            <span className="badge badge-online">online</span> since <DateTime iso={session.since} /> from{' '}
            <code>{session.address}</code> over {session.protocol}
          </>
        ) : user.online ? (
          <span className="badge badge-online">online</span>
        ) : (
          <span className="muted">offline</span>
        )}
      </dd>
      <dt>Lockout</dt>
      <dd>
        {user.lockedUntil && isLocked(user) ? (
          <>
            <span className="badge badge-locked">locked</span> <Countdown endsAt={new Date(user.lockedUntil).getTime()} />
          </>
        ) : (
          'not locked'
        )}
      </dd>
      <dt>Failed logins</dt>
      <dd>{user.failuresSinceLogin} since the last successful login</dd>
      <dt>Created</dt>
      <dd>
        <DateTime iso={user.createdAt} />
      </dd>
      <dt>Last login</dt>
      <dd>
        <DateTime iso={user.lastLoginAt} />
      </dd>
      <dt>Last seen</dt>
      <dd>
        <DateTime iso={user.lastSeenAt} />
      </dd>
      <dt>Stored messages</dt>
      <dd>{user.storedMessages} waiting</dd>
    </dl>
  );
}
