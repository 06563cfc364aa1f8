import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ActivityChart } from './ActivityChart';

const hour = Array.from({ length: 60 }, (_, i) => ({
  minute: new Date(Date.UTC(2026, 10, 24, 7, i)).toISOString(),
  logins: i === 59 ? 4 : 0,
  messages: i % 10 === 0 ? 2 : 0,
}));

describe('ActivityChart', () => {
  it('draws one point per minute for each series, scaled to the busiest minute', () => {
    const { container } = render(<ActivityChart perMinute={hour} />);
    const [logins, messages] = [...container.querySelectorAll('polyline')].map((line) =>
      line.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number)),
    );
    expect(logins).toHaveLength(60);
    expect(messages).toHaveLength(60);
    const top = Math.min(...logins.map(([, y]) => y));
    expect(logins[59][1]).toBe(top); // the peak (4) touches the top
    expect(messages[0][1]).toBeCloseTo((logins[58][1] + top) / 2, 0); // 2 is half-way up
    expect(container.textContent).toContain('Logins: 4 in the last hour');
    expect(container.textContent).toContain('Messages: 12 in the last hour');
  });

  it('draws a flat line at zero on a quiet hour', () => {
    const quiet = hour.map((m) => ({ ...m, logins: 0, messages: 0 }));
    const { container } = render(<ActivityChart perMinute={quiet} />);
    const ys = new Set(container.querySelector('polyline')!.getAttribute('points')!.split(' ').map((p) => p.split(',')[1]));
    expect(ys.size).toBe(1);
  });
});
