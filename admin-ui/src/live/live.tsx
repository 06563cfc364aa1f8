import { createContext, ReactNode, useContext, useEffect, useState } from 'react';
import { api, call, currentToken, LiveSnapshot, reportRefused } from '../api/client';
import { readEventStream } from './event-stream';

export type LiveStatus = 'connecting' | 'live' | 'polling' | 'offline';

export interface LiveState {
  status: LiveStatus;
  snapshot?: LiveSnapshot;
  /** When the snapshot arrived (lockout countdowns start from here). */
  receivedAt?: Date;
  /** Since when the server could not be reached, while offline. */
  offlineSince?: Date;
}

/** How long to wait before reconnecting after the stream ended or could not be opened. */
export const RETRY_MS = 3000;

const LiveContext = createContext<LiveState>({ status: 'connecting' });

/**
 * The server's push of sessions, lockouts and stored-message counts (GET /api/events), for
 * every page. Polling the REST routes is only the fallback, while the stream cannot be opened.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveState>({ status: 'connecting' });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const received = (snapshot: LiveSnapshot, status: LiveStatus) =>
      setState({ status, snapshot, receivedAt: new Date() });

    const run = async () => {
      while (!signal.aborted) {
        const outcome = await streamOnce(signal, (snapshot) => received(snapshot, 'live'));
        if (outcome === 'refused' || signal.aborted) return;
        try {
          received(await pollOnce(signal), 'polling');
        } catch {
          if (signal.aborted) return;
          setState((previous) => ({
            ...previous,
            status: 'offline',
            offlineSince: previous.status === 'offline' ? previous.offlineSince : new Date(),
          }));
        }
        await sleep(RETRY_MS, signal);
      }
    };
    void run();
    return () => controller.abort();
  }, []);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** Reads the event stream until it ends: 'ended' (try again), or 'refused' (the session is over). */
async function streamOnce(signal: AbortSignal, onSnapshot: (snapshot: LiveSnapshot) => void): Promise<'ended' | 'refused'> {
  const token = currentToken();
  if (!token) return 'refused';
  try {
    const response = await fetch(
      new Request(new URL('/api/events', window.location.origin), {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        signal,
        cache: 'no-store',
      }),
    );
    if (response.status === 401 || response.status === 403) {
      reportRefused(response.status);
      return 'refused';
    }
    if (!response.ok || !response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      return 'ended';
    }
    await readEventStream(response.body, (event) => {
      if (event.type === 'snapshot') onSnapshot(JSON.parse(event.data) as LiveSnapshot);
    });
  } catch {
    // A network error or an abort: the caller polls once to tell "offline" from "no stream".
  }
  return 'ended';
}

/** The same state from the REST routes, for when the stream cannot be had. */
async function pollOnce(signal: AbortSignal): Promise<LiveSnapshot> {
  const [stats, sessions, lockouts] = await Promise.all([
    call(api.GET('/api/stats', { signal })),
    call(api.GET('/api/sessions', { params: { query: { limit: 500 } }, signal })),
    call(api.GET('/api/lockouts', { params: { query: { limit: 500 } }, signal })),
  ]);
  return { stats, sessions: sessions.items, lockouts: lockouts.items };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Changes whenever someone logs in or out or a lock starts or ends: pages listing users
 * reload on it, rather than polling.
 */
export function useLiveChanges(): string {
  const { snapshot } = useLive();
  if (!snapshot) return '';
  return JSON.stringify([snapshot.sessions.map((s) => s.username), snapshot.lockouts.map((l) => [l.username, l.lockedUntil])]);
}
