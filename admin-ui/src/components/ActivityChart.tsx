import type { Stats } from '../api/client';

type Minute = Stats['perMinute'][number];

const WIDTH = 600;
const HEIGHT = 160;
const PAD = 4; // keeps the top and bottom strokes inside the box

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
  const plotHeight = HEIGHT - 2 * PAD;
  const x = (i: number) => (perMinute.length <= 1 ? 0 : (i / (perMinute.length - 1)) * WIDTH);
  const y = (value: number) => PAD + plotHeight - (value / peak) * plotHeight;
  const summary =
    `Last ${perMinute.length} minutes: ${totals.logins} logins and ${totals.messages} messages; ` +
    `at most ${busiest} of either in one minute.`;

  return (
    <figure className="chart">
      {/* Labels are HTML beside the SVG, which stretches to any width without distorting text. */}
      <div className="chart-plot">
        <div className="chart-y" aria-hidden="true">
          <span>{peak}</span>
          <span>0</span>
        </div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="none">
          <line className="grid" x1={0} x2={WIDTH} y1={y(peak)} y2={y(peak)} />
          <line className="axis" x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} />
          {SERIES.map((series) => (
            <polyline
              key={series.key}
              className={`series ${series.className}`}
              points={perMinute.map((m, i) => `${x(i).toFixed(1)},${y(m[series.key]).toFixed(1)}`).join(' ')}
            />
          ))}
        </svg>
      </div>
      <div className="chart-x" aria-hidden="true">
        <span>{perMinute.length} min ago</span>
        <span>now</span>
      </div>
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
