import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { RETRY_MS } from '../live/live';
import { fakeApi, page, signedIn } from '../test/fake-api';
import { renderConsole } from '../test/render';

const minutes = (logins: number[]) =>
  logins.map((count, i) => ({ minute: new Date(Date.UTC(2026, 10, 24, 7, i)).toISOString(), logins: count, messages: 2 * count }));
const carol = { username: 'carol', since: '2026-11-24T07:30:00.000Z', address: '127.0.0.1', protocol: 'line' };
const snapshot = (sessions: (typeof carol)[]) => ({
  stats: { online: sessions.length, lockedAccounts: 1, storedMessages: 4, perMinute: minutes([0, 1, 3]) },
  sessions,
  lockouts: [],
});

/** A text/event-stream response the test writes events into. */
function eventStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    push: (data: unknown) => controller.enqueue(encoder.encode(`event: snapshot\ndata: ${JSON.stringify(data)}\n\n`)),
  };
}

describe('Dashboard', () => {
  it('shows what the server pushes over the event stream, with the token in a header and no polling', async () => {
    signedIn();
    const stream = eventStream();
    const requests = fakeApi({ 'GET /api/events': () => stream.response() });
    renderConsole('/');

    stream.push(snapshot([]));
    expect(await screen.findByText('Nobody is online right now.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Locked accounts/ }).textContent).toBe('1Locked accounts');
    stream.push(snapshot([carol]));

    expect(await screen.findByRole('cell', { name: 'carol' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Online now/ }).textContent).toBe('1Online now');
    expect(screen.getByText(/^Live/)).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Last 3 minutes: 4 logins and 8 messages; at most 6 of either in one minute.');
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/events']);
    expect(requests[0].headers.get('Authorization')).toBe('Bearer parley_test');
    expect(requests[0].url).not.toContain('parley_test');
  });

  it('falls back to polling the REST routes while the event stream cannot be opened', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    signedIn();
    let online: (typeof carol)[] = [];
    fakeApi({
      'GET /api/stats': () => snapshot(online).stats,
      'GET /api/sessions': () => page(online),
      'GET /api/lockouts': () => page([]),
    });
    renderConsole('/');

    expect(await screen.findByText('Nobody is online right now.')).toBeTruthy();
    expect(screen.getByText(/live push unavailable/)).toBeTruthy();
    online = [carol];
    await act(() => vi.advanceTimersByTimeAsync(RETRY_MS));
    expect(await screen.findByRole('cell', { name: 'carol' })).toBeTruthy();
  });

  it('says the server is offline, instead of live, once it cannot be reached', async () => {
    signedIn();
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    renderConsole('/');

    expect((await screen.findByRole('alert')).textContent).toMatch(/^ Offline: the server cannot be reached since/);
    expect(screen.queryByText(/^Live/)).toBeNull();
  });
});
