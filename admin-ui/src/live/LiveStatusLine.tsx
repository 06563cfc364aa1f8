import { formatDateTime } from '../components/format';
import { RETRY_MS, useLive } from './live';

/** Says whether what the page shows is live, polled, or stale because the server is unreachable. */
export function LiveStatusLine() {
  const { status, receivedAt, offlineSince } = useLive();
  const updated = receivedAt ? `; updated ${formatDateTime(receivedAt)}` : '';
  switch (status) {
    case 'connecting':
      return <p className="live-status muted small">Connecting…</p>;
    case 'live':
      return (
        <p className="live-status small" data-status="live">
          <span className="dot dot-live" aria-hidden="true" /> Live{updated}
        </p>
      );
    case 'polling':
      return (
        <p className="live-status small" data-status="polling">
          <span className="dot dot-polling" aria-hidden="true" /> Refreshing every {RETRY_MS / 1000} s (live push unavailable){updated}
        </p>
      );
    case 'offline':
      return (
        <p className="live-status small offline" data-status="offline" role="alert">
          <span className="dot dot-offline" aria-hidden="true" /> Offline: the server cannot be reached since{' '}
          {offlineSince ? formatDateTime(offlineSince) : 'now'}. Retrying; figures below may be out of date.
        </p>
      );
  }
}
