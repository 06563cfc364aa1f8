import { createServer } from 'node:net';
import { Client } from 'pg';
import { AdminClient } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { parleyEnv, runParley, spawnServer, useScratchDir } from '../support/spawn-parley';
import {
  connectToTestDatabase,
  terminateParleyBackends,
  waitForBlockedStatements,
} from '../support/test-database';
import { addUsers, CapturingLogger, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PostgreSQL unreachable at start', () => {
  const scratch = useScratchDir();

  it.each([
    ['server', ['server', '127.0.0.1', '0']],
    ['user list', ['user', 'list']],
  ])('parley %s stops with one line naming database.url, no stack trace, no password', async (_, args) => {
    const url = `postgres://parley:s3cret-pw@127.0.0.1:${await closedPort()}/parley`;
    const result = await runParley(args, parleyEnv(scratch(), { PARLEY_DATABASE_URL: url }));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^parley: Invalid setting database\.url \(PARLEY_DATABASE_URL\): cannot connect to postgres:\/\/parley:\*\*\*@127\.0\.0\.1:\d+\/parley: connection refused/);
    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.stderr).not.toContain('    at ');
  });

  it('names a database that does not exist', async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/parley_test_no_such_database';
    const result = await runParley(['user', 'list'], parleyEnv(scratch(), { PARLEY_DATABASE_URL: url }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^parley: Invalid setting database\.url .*database "parley_test_no_such_database" does not exist/);
  });

  it('rejects a database.url that is not postgres://', async () => {
    const result = await runParley(['user', 'list'], parleyEnv(scratch(), { PARLEY_DATABASE_URL: 'mysql://x@127.0.0.1/db' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'parley: Invalid setting database.url (set by PARLEY_DATABASE_URL): must be empty (SQLite in data.dir) or postgres://USER[:PASSWORD]@HOST:PORT/DB.',
    );
  });
});

describe('PostgreSQL faults while Parley runs', () => {
  let dataDir: string;
  let server: TestServer;
  let db: Client;
  const logger = new CapturingLogger();
  const clients: LineClient[] = [];
  let counter = 0;

  beforeEach(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir, logger, settings: { 'database.statement_timeout_ms': 1000 } });
    db = await connectToTestDatabase(dataDir);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await db.query('ROLLBACK').catch(() => {});
    await db.end();
    await server.stop();
    removeDataDir(dataDir);
  });

  async function users(...names: string[]): Promise<string[]> {
    const unique = names.map((name) => `${name}${++counter}`);
    await addUsers(server, ...unique);
    return unique;
  }

  async function login(name: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, name, passwordOf(name));
    clients.push(client);
    return client;
  }

  /** Sends until the message is stored: each reply is the stored notice or an Error: about the lost connection. */
  async function storeEventually(client: LineClient, to: string, text: string): Promise<number> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      client.send(`message ${to} ${text}`);
      const reply = await client.expectLine(/stored|^Error:/);
      if (/stored/.test(reply)) return attempt;
      expect(reply).toMatch(/^Error: message failed because the connection to the database was lost; nothing was saved/);
    }
    throw new Error('never stored after the backends were terminated');
  }

  it('backends terminated under a statement: a clear Error:, nothing acknowledged lost, and Parley reconnects', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    a.send(`message ${bob} before`);
    await a.expectLine(/offline.*stored/);

    // Hold a lock the stored-message writer needs, so its statement is running when its backend ends.
    await db.query('BEGIN');
    await db.query('LOCK TABLE stored_messages IN ACCESS EXCLUSIVE MODE');
    a.send(`message ${bob} during`);
    await waitForBlockedStatements(db, 1);
    expect(await terminateParleyBackends(db)).toBeGreaterThan(0);
    expect(await a.expectLine(/^Error:/)).toMatch(
      /^Error: message failed because the connection to the database was lost; nothing was saved\. Please try again later\.$/,
    );
    await db.query('ROLLBACK');

    expect(await storeEventually(a, bob, 'after')).toBeLessThanOrEqual(2);
    const health = await new AdminClient(server.httpUrl).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.info.database.status).toBe('up');

    const b = await login(bob);
    await b.expectLine(/^You have 2 stored messages:$/);
    expect(await b.nextLine()).toMatch(/\): before$/);
    expect(await b.nextLine()).toMatch(/\): after$/);
  });

  it('backends terminated while idle: the next commands still work, logins included', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    expect(await terminateParleyBackends(db)).toBeGreaterThan(0);
    await storeEventually(a, bob, 'hello');
    const b = await login(bob);
    await b.expectLine(/^You have 1 stored messages:$/);
  });

  it('a statement past database.statement_timeout_ms: Error: saying the database did not answer in time; then it works', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    await db.query('BEGIN');
    await db.query('LOCK TABLE stored_messages IN ACCESS EXCLUSIVE MODE');
    a.send(`message ${bob} slow`);
    expect(await a.expectLine(/^Error:/, 10_000)).toBe(
      'Error: message failed because the database did not answer in time; nothing was saved. Please try again later.',
    );
    await db.query('ROLLBACK');
    a.send(`message ${bob} fast`);
    await a.expectLine(/offline.*stored/);
    const b = await login(bob);
    await b.expectLine(/^You have 1 stored messages:$/);
    expect(await b.nextLine()).toMatch(/\): fast$/);
  });
});

describe('a PostgreSQL server spawned as a process', () => {
  const scratch = useScratchDir();

  it('serves logins against database.url, with /health naming the database up', async () => {
    const env = parleyEnv(scratch(), { PARLEY_ADMIN_PASSWORD: 'admin-pw' });
    expect(env.PARLEY_DATABASE_URL).toMatch(/^postgres:\/\//);
    const { proc, port } = await spawnServer(env);
    const match = await proc.expectStdout(/admin console on (http:\/\/[\d.]+:\d+)/);
    const client = await LineClient.login(port, 'admin', 'admin-pw');
    client.close();
    const health = await new AdminClient(match[1]).get('/health');
    expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});
