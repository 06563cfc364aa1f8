import { vi } from 'vitest';

type Handler = (request: Request) => unknown | Response | Promise<unknown | Response>;

/**
 * Replaces fetch with answers keyed by "METHOD /path" (query string ignored), for component
 * tests only: the browser tests in test/browser run the console against the real server.
 * Returns the requests made, in order.
 */
export function fakeApi(routes: Record<string, Handler>): Request[] {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request);
      const key = `${request.method} ${new URL(request.url).pathname}`;
      const handler = routes[key];
      if (!handler) return json(404, { statusCode: 404, error: 'Not Found', message: `no fake for ${key}` });
      const answer = await handler(request);
      return answer instanceof Response ? answer : json(200, answer);
    }),
  );
  return requests;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export const noContent = () => new Response(null, { status: 204 });

export const page = <T,>(items: T[]) => ({ items, total: items.length, limit: 50, offset: 0 });

/** Pretends an admin is signed in, as the console remembers it across reloads. */
export function signedIn(): void {
  sessionStorage.setItem(
    'parley.session',
    JSON.stringify({ token: 'parley_test', username: 'admin', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
  );
}
