import { useNow } from '../hooks/use-now';
import { formatDuration } from './format';

/** Time left until `endsAt` (ms since the epoch), ticking every second. */
export function Countdown({ endsAt }: { endsAt: number }) {
  const now = useNow();
  const seconds = Math.max(0, Math.ceil((endsAt - now) / 1000));
  return <span className="countdown">{seconds > 0 ? `${formatDuration(seconds)} left` : 'unlocking…'}</span>;
}
