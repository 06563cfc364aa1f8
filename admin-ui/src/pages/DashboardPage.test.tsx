import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, page, signedIn } from '../test/fake-api';
import { renderConsole } from '../test/render';
import { DASHBOARD_REFRESH_MS } from './DashboardPage';

const minutes = (logins: number[]) =>
  logins.map((count, i) => ({ minute: new Date(Date.UTC(2026, 10, 24, 7, i)).toISOString(), logins: count, messages: 2 * count }));

describe('Dashboard', () => {
  it('shows who came online at the next refresh, without a reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    signedIn();
    let online: { username: string; since: string; address: string; protocol: string }[] = [];
    fakeApi({
      'GET /api/stats': () => ({ online: online.length, lockedAccounts: 1, storedMessages: 4, perMinute: minutes([0, 1, 3]) }),
      'GET /api/sessions': () => page(online),
    });
    renderConsole('/');

    expect(await screen.findByText('Nobody is online right now.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Locked accounts/ }).textContent).toBe('1Locked accounts');
    online = [{ username: 'carol', since: '2026-11-24T07:30:00.000Z', address: '127.0.0.1', protocol: 'line' }];
    await act(() => vi.advanceTimersByTimeAsync(DASHBOARD_REFRESH_MS));

    expect(await screen.findByRole('cell', { name: 'carol' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Online now/ }).textContent).toBe('1Online now');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'Last 3 minutes: 4 logins and 8 messages; at most 6 of either in one minute.',
    );
  });
});
