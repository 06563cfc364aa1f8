import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type User = Schemas['UserDto'];
export type Role = User['role'];
export type Lockout = Schemas['LockoutDto'];
export type StoredMessage = Schemas['StoredMessageDto'];
export type ChatSession = Schemas['SessionDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type Stats = Schemas['StatsDto'];
export type Block = Schemas['BlockDto'];
export type Token = Schemas['TokenDto'];
export type LiveSnapshot = Schemas['LiveSnapshotDto'];
export type About = Schemas['AboutDto'];
export type ServerNode = Schemas['NodeDto'];

/** An API call that did not succeed, with the server's message (or why there was no answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let token: string | null = null;
let onSessionEnded: (status: 401 | 403) => void = () => {};

/** The bearer token sent with every call; null after sign-out. */
export function setToken(value: string | null): void {
  token = value;
}

export function currentToken(): string | null {
  return token;
}

/**
 * Called when the server refuses the token: 401 (expired or revoked) or 403 (the account is
 * no longer an admin). Either way the console signs out and says why.
 */
export function onUnauthorized(handler: (status: 401 | 403) => void): void {
  onSessionEnded = handler;
}

/** Reports a refused token seen outside the typed client (the event stream). */
export function reportRefused(status: number): void {
  if ((status === 401 || status === 403) && token) onSessionEnded(status);
}

/**
 * The typed client: every path, parameter and body is checked by tsc against schema.d.ts,
 * which is generated from the server's OpenAPI document (scripts/api-schema.mjs).
 */
export const api = createClient<paths>({
  // openapi-fetch builds a Request, which needs an absolute URL outside a browser (tests).
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  // Resolved per call, so tests can replace fetch after this module loaded.
  fetch: (request) => globalThis.fetch(request),
});

api.use({
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (!request.url.endsWith('/api/auth/login')) reportRefused(response.status);
    return response;
  },
});

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: its data on success, else an ApiError carrying the server's message. */
export async function call<T>(request: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Cannot reach the server. Check that it is running and try again.');
  }
  const { data, error, response } = outcome;
  if (response.ok) return data as T;
  throw new ApiError(response.status, messageOf(error, response), error);
}

function messageOf(body: unknown, response: Response): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = body as { message: unknown };
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
  }
  return `The server answered ${response.status} ${response.statusText}`.trim();
}

/** A user-facing sentence for any error thrown by a call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
