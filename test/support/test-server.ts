import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import { PasswordHasher } from '../../src/accounts/password-hasher';
import { HttpListener } from '../../src/admin/http-listener';
import { createServerApp } from '../../src/app';
import { Clock } from '../../src/common/clock';
import { ParleyConfig } from '../../src/config/config.schema';
import { loadConfig } from '../../src/config/load-config';
import { IrcServer } from '../../src/gateway/irc/irc-server';
import { LineServer } from '../../src/gateway/line-server';
import { databaseUrlFor, dropTestDatabases, TEST_DRIVER } from './test-database';

export const ADMIN_PASSWORD = 'admin-secret';

/** Cheap argon2id costs keep tests fast; the algorithm and code path are the real ones. */
export const FAST_HASHING = { 'argon2.memory_kib': 1024, 'argon2.time_cost': 1 };

export interface TestServer {
  app: INestApplicationContext;
  /** The line protocol's port. */
  port: number;
  /** The IRC listener's port. */
  ircPort: number;
  /** Base URL of the admin HTTP listener, e.g. http://127.0.0.1:41234 */
  httpUrl: string;
  dataDir: string;
  config: ParleyConfig;
  /** Closes the app (graceful shutdown); the data directory stays for a restart. */
  stop(): Promise<void>;
}

/** A fresh data directory (on PostgreSQL, PARLEY_TEST_DB=postgres, it gets its own database on first use). */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'parley-test-'));
}

/** Removes the directory, and on PostgreSQL the databases of it and of the directories inside it. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  if (TEST_DRIVER === 'postgres') dropTestDatabases(dir);
}

/**
 * Boots the real server (line and HTTP listeners on port 0) on the database of `dataDir` (a
 * fresh one by default): SQLite in it, or its PostgreSQL database.
 */
export async function startServer(
  options: { dataDir?: string; settings?: Record<string, unknown>; clock?: Clock; logger?: LoggerService; hasher?: PasswordHasher } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = loadConfig({
    env: {},
    overrides: {
      'data.dir': dataDir,
      'database.url': databaseUrlFor(dataDir),
      'line.port': 0,
      'http.port': 0,
      'irc.port': 0,
      'irc.tls_port': 0,
      'admin.password': ADMIN_PASSWORD,
      ...FAST_HASHING,
      ...options.settings,
    },
  });
  const app = await createServerApp(config, { logger: options.logger ?? ['error'], clock: options.clock, hasher: options.hasher });
  return {
    app,
    port: app.get(LineServer).port,
    ircPort: app.get(IrcServer).port ?? 0,
    httpUrl: `http://127.0.0.1:${app.get(HttpListener).port}`,
    dataDir,
    config,
    stop: () => app.close(),
  };
}

/** Creates accounts through the real service; each one's password is passwordOf(name). */
export async function addUsers(server: TestServer, ...names: string[]): Promise<void> {
  const accounts = server.app.get(AccountsService);
  for (const name of names) await accounts.createUser(name, passwordOf(name));
}

export const passwordOf = (name: string) => `${name.toLowerCase()}-password`;

/** Keeps the server's error and warning lines for a test to check, instead of printing them. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(): void {}
  error(message: unknown): void {
    const entry = message as { message?: unknown };
    this.lines.push(typeof entry === 'object' && entry !== null && 'message' in entry ? String(entry.message) : String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
}
