import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Which database the e2e suites run on: PARLEY_TEST_DB=postgres (set by the jest project
 * "postgres") or SQLite. On PostgreSQL each data directory a test makes gets its own
 * database, with a random name, created with the directory and dropped with it.
 */
export type TestDriver = 'sqlite' | 'postgres';

export const TEST_DRIVER: TestDriver = process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The shared server of these machines: trust authentication for the user postgres. */
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN = process.env.PARLEY_TEST_RUN ?? randomBytes(4).toString('hex');
export const TEST_DATABASE_PREFIX = 'parley_test_';

/** Runs SQL as postgres with psql (synchronous, for helpers that are). */
export function psql(sql: string, database = 'postgres'): string {
  return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** The temporary directory a data directory lies in (`/tmp/parley-test-XXXXXX`), or itself. */
function scratchRoot(dataDir: string): string {
  return /^.*\/parley-test-[^/]+/.exec(dataDir)?.[0] ?? dataDir;
}

/** The database that belongs to a test data directory (or to a directory inside one). */
export function databaseNameFor(dataDir: string): string {
  return `${TEST_DATABASE_PREFIX}${RUN}_${hash(scratchRoot(dataDir))}_${hash(dataDir)}`;
}

const created = new Set<string>();

/**
 * database.url for a server using `dataDir`: '' (SQLite in the directory), or the URL of the
 * directory's own PostgreSQL database, created on first use.
 */
export function databaseUrlFor(dataDir: string, driver: TestDriver = TEST_DRIVER): string {
  if (driver === 'sqlite') return '';
  const name = databaseNameFor(dataDir);
  if (!created.has(name)) {
    if (!psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`).trim()) psql(`CREATE DATABASE "${name}"`);
    created.add(name);
  }
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** Drops the databases of a scratch directory and of every directory inside it. */
export function dropTestDatabases(scratchDir: string): void {
  const prefix = `${TEST_DATABASE_PREFIX}${RUN}_${hash(scratchRoot(scratchDir))}_`;
  for (const name of created) if (name.startsWith(prefix)) created.delete(name);
  dropMatching(prefix);
}

/** Every byte the database of `dataDir` holds: the SQLite files, or a pg_dump of its database. */
export function databaseContents(dataDir: string, driver: TestDriver = TEST_DRIVER): Buffer[] {
  if (driver === 'postgres') {
    return [execFileSync('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '--data-only', databaseNameFor(dataDir)])];
  }
  return ['parley.sqlite', 'parley.sqlite-wal', 'parley.sqlite-journal']
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file));
}

/** The databases this test run created and did not drop (for the global teardown). */
export function dropRunDatabases(run: string): void {
  dropMatching(`${TEST_DATABASE_PREFIX}${run}_`);
}

function dropMatching(prefix: string): void {
  const pattern = prefix.replace(/_/g, '\\_');
  const names = psql(`SELECT datname FROM pg_database WHERE datname LIKE '${pattern}%'`).split('\n').filter(Boolean);
  for (const name of names) psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A connection of the test's own to the database of `dataDir` (to hold locks, end backends). */
export async function connectToTestDatabase(dataDir: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrlFor(dataDir, 'postgres'), application_name: 'parley-test' });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Parley's connections to this database (application_name 'parley'), as SQL. */
const PARLEY_BACKENDS = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'parley'`;

/** Waits until `count` of Parley's statements are waiting for a lock (a gate the test holds). */
export async function waitForBlockedStatements(client: Client, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Inside a transaction (the test holding its gate) pg_stat_activity would stay as first read.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n ${PARLEY_BACKENDS} AND wait_event_type = 'Lock'`);
    if (Number(rows[0].n) >= count) return;
    if (Date.now() > deadline) {
      const activity = await client.query(`SELECT wait_event_type, wait_event, query ${PARLEY_BACKENDS}`);
      throw new Error(`fewer than ${count} Parley statements waiting on a lock after ${timeoutMs} ms: ${JSON.stringify(activity.rows)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** pg_terminate_backend on every connection Parley holds to this database; resolves with how many. */
export async function terminateParleyBackends(client: Client): Promise<number> {
  const { rows } = await client.query(`SELECT pg_terminate_backend(pid) ${PARLEY_BACKENDS}`);
  return rows.length;
}
