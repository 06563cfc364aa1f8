import type { Stats } from '../api/client';

type Minute = Stats['perMinute'][number];

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { top: 12, right: 8, bottom: 22, left: 32 };

/** The two series of the dashboard chart, with the colours the legend and lines share. */
const SERIES = [
  { key: 'logins', label: 'Logins', className: 'series-logins' },
  { key: 'messages', label: 'Messages', className: 'series-messages' },
] as const;

/** Logins and messages per minute over the last hour, as two lines on a small SVG chart. */
export function ActivityChart({ perMinute }: { perMinute: Minute[] }) {
  const totals = { logins: sum(perMinute, 'logins'), messages: sum(perMinute, 'messages') };
  const busiest = Math.max(0, ...perMinute.map((m) => Math.max(m.logins, m.messages)));
  const peak = Math.max(1, busiest);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (perMinute.length <= 1 ? 0 : (i / (perMinute.length - 1)) * plotWidth);
  const y = (value: number) => PAD.top + plotHeight - (value / peak) * plotHeight;
  const summary =
    `Last ${perMinute.length} minutes: ${totals.logins} logins and ${totals.messages} messages; ` +
    `at most ${busiest} of either in one minute.`;

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="none">
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(peak)} y2={y(peak)} />
        <text className="tick" x={PAD.left - 6} y={y(peak) + 4} textAnchor="end">
          {peak}
        </text>
        <text className="tick" x={PAD.left - 6} y={y(0) + 4} textAnchor="end">
          0
        </text>
        <text className="tick" x={PAD.left} y={HEIGHT - 6}>
          −{perMinute.length} min
        </text>
        <text className="tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          now
        </text>
        {SERIES.map((series) => (
          <polyline
            key={series.key}
            className={`series ${series.className}`}
            points={perMinute.map((m, i) => `${x(i).toFixed(1)},${y(m[series.key]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption className="legend">
        {SERIES.map((series) => (
          <span key={series.key}>
            <span className={`swatch ${series.className}`} aria-hidden="true" /> {series.label}:{' '}
            <strong>{totals[series.key]}</strong> in the last hour
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function sum(minutes: Minute[], key: 'logins' | 'messages'): number {
  return minutes.reduce((total, m) => total + m[key], 0);
}
