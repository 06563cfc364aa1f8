import { User } from '../api/client';
import { Countdown } from '../components/Countdown';

export function isLocked(user: User): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}

/** online, offline, or locked with the time left counting down. */
export function UserStatus({ user }: { user: User }) {
  if (user.lockedUntil && isLocked(user)) {
    return (
      <span>
        <span className="badge badge-locked">locked</span> <Countdown endsAt={new Date(user.lockedUntil).getTime()} />
      </span>
    );
  }
  return user.online ? <span className="badge badge-online">online</span> : <span className="muted">offline</span>;
}
