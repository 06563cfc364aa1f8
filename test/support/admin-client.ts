import { createHash } from 'node:crypto';
import request, { Response } from 'supertest';

export type Method = 'get' | 'post' | 'put' | 'delete' | 'options';

/** One HTTP response as the test saw it, kept for the leak scan at the end of a file. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Every response received through an AdminClient in this test file (jest gives each file its own modules). */
const exchanges: Exchange[] = [];

export function recordedExchanges(): readonly Exchange[] {
  return exchanges;
}

export interface SendOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with Content-Type: application/json. */
  rawJson?: string;
  headers?: Record<string, string>;
}

/**
 * The admin HTTP API over real HTTP (supertest against the listening URL). Every response
 * is recorded, so a file can check at the end that none of them leaked a secret.
 */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  /** The same server, sending `Authorization: Bearer token`. */
  as(token: string): AdminClient {
    return new AdminClient(this.baseUrl, token);
  }

  get(path: string, options: SendOptions = {}): Promise<Response> {
    return this.send('get', path, options);
  }

  post(path: string, body?: unknown, options: SendOptions = {}): Promise<Response> {
    return this.send('post', path, { ...options, body });
  }

  put(path: string, body?: unknown, options: SendOptions = {}): Promise<Response> {
    return this.send('put', path, { ...options, body });
  }

  delete(path: string, options: SendOptions = {}): Promise<Response> {
    return this.send('delete', path, options);
  }

  async send(method: Method, path: string, options: SendOptions = {}): Promise<Response> {
    let test = request(this.baseUrl)[method](path);
    const token = options.token ?? this.token;
    if (token !== undefined) test = test.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) test = test.set(name, value);
    if (options.rawJson !== undefined) test = test.set('Content-Type', 'application/json').send(options.rawJson);
    else if (options.body !== undefined) test = test.send(options.body as object);
    const response = await test;
    exchanges.push({
      method: method.toUpperCase(),
      path,
      status: response.status,
      headers: response.headers as Record<string, unknown>,
      body: response.text ?? '',
    });
    return response;
  }

  /** Signs in and returns the session token; fails the test unless it is a 200. */
  async login(username: string, password: string): Promise<string> {
    const response = await this.post('/api/auth/login', { username, password });
    if (response.status !== 200) {
      throw new Error(`login of ${username} answered ${response.status}: ${response.text}`);
    }
    return response.body.token as string;
  }
}

/** The responses that hand out a secret, each allowed to contain its own one. */
function issuedSecret(exchange: Exchange): string | undefined {
  const issues =
    (exchange.method === 'POST' && exchange.path === '/api/auth/login' && exchange.status === 200) ||
    (exchange.method === 'POST' && exchange.path === '/api/tokens' && exchange.status === 201);
  if (!issues) return undefined;
  const token = (JSON.parse(exchange.body) as { token?: unknown }).token;
  return typeof token === 'string' ? token : undefined;
}

const SECRET_SHAPE = /parley_[A-Za-z0-9_-]{20,}/g;
const FORBIDDEN = ['$argon2', 'passwordHash', 'password_hash', 'tokenHash', 'token_hash'];

/**
 * What leaked, one sentence each: a password hash or hash field name in any response, a token
 * secret (or its SHA-256) anywhere but in the one response that issued it. `moreSecrets`
 * are secrets issued elsewhere (the CLI) that no response may contain.
 */
export function findLeaks(recorded: readonly Exchange[], moreSecrets: string[] = []): string[] {
  const issued = new Map<string, Exchange>();
  for (const exchange of recorded) {
    const secret = issuedSecret(exchange);
    if (secret !== undefined) issued.set(secret, exchange);
  }
  const secrets = [...issued.keys(), ...moreSecrets];
  const hashes = secrets.map((secret) => createHash('sha256').update(secret).digest('hex'));
  const leaks: string[] = [];
  for (const exchange of recorded) {
    const where = `${exchange.method} ${exchange.path} (${exchange.status})`;
    const text = JSON.stringify(exchange.headers) + '\n' + exchange.body;
    for (const word of FORBIDDEN) if (text.includes(word)) leaks.push(`${where} contains ${word}`);
    for (const [found] of text.matchAll(SECRET_SHAPE)) {
      if (issued.get(found) !== exchange) leaks.push(`${where} contains a token secret`);
    }
    hashes.forEach((hash) => {
      if (text.includes(hash)) leaks.push(`${where} contains a token hash`);
    });
  }
  return leaks;
}
