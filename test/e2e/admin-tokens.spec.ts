import { DataSource } from 'typeorm';
import { AdminClient, findLeaks, recordedExchanges } from '../support/admin-client';
import { FakeClock } from '../support/fake-clock';
import { killAllParleys, parleyEnv, runParley, RunResult, spawnServer } from '../support/spawn-parley';
import { addUsers, ADMIN_PASSWORD, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** Secrets printed by `parley token create`: no HTTP response may contain them. */
const cliSecrets: string[] = [];

describe('admin tokens: lifetimes and revocation (fake clock)', () => {
  const clock = new FakeClock(new Date('2026-05-01T09:00:00.000Z'));
  let server: TestServer;
  let http: AdminClient;

  beforeAll(async () => {
    server = await startServer({ clock, settings: { 'http.session_minutes': 30 } });
    http = new AdminClient(server.httpUrl);
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  const me = (token: string) => http.as(token).get('/api/auth/me').then((response) => response.status);

  it('ends a sign-in session after http.session_minutes: then 401', async () => {
    const signedInAt = clock.now().getTime();
    const response = await http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.expiresAt).toBe(new Date(signedInAt + 30 * MINUTE).toISOString());
    const token = response.body.token;

    clock.advance(30 * MINUTE - SECOND);
    expect(await me(token)).toBe(200);
    clock.advance(SECOND);
    const expired = await http.as(token).get('/api/users');
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);
  });

  it('ends an API token after expiresInDays, whatever happens to the session that made it', async () => {
    const session = await http.login('admin', ADMIN_PASSWORD);
    const createdAt = clock.now().getTime();
    const created = await http.as(session).post('/api/tokens', { name: 'two-days', expiresInDays: 2 });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(new Date(createdAt + 2 * DAY).toISOString());
    const token = created.body.token;

    clock.advance(2 * DAY - SECOND);
    expect(await me(session)).toBe(401);
    expect(await me(token)).toBe(200);
    clock.advance(SECOND);
    expect(await me(token)).toBe(401);
  });

  it('keeps a token without expiresInDays valid for years', async () => {
    const session = await http.login('admin', ADMIN_PASSWORD);
    const created = await http.as(session).post('/api/tokens', { name: 'forever' });
    expect(created.body.expiresAt).toBeNull();
    clock.advance(3650 * DAY);
    expect(await me(created.body.token)).toBe(200);
  });

  it('revokes the session token at logout, leaving other sessions alone', async () => {
    const first = await http.login('admin', ADMIN_PASSWORD);
    const second = await http.login('admin', ADMIN_PASSWORD);
    expect((await http.as(first).post('/api/auth/logout')).status).toBe(204);
    expect(await me(first)).toBe(401);
    expect((await http.as(first).get('/api/users')).status).toBe(401);
    expect(await me(second)).toBe(200);
  });

  it('revokes an API token at once when it is deleted', async () => {
    const session = await http.login('admin', ADMIN_PASSWORD);
    const admin = http.as(session);
    const doomed = (await admin.post('/api/tokens', { name: 'doomed' })).body;
    const kept = (await admin.post('/api/tokens', { name: 'kept' })).body;
    expect(await me(doomed.token)).toBe(200);

    expect((await http.as(kept.token).delete(`/api/tokens/${doomed.id}`)).status).toBe(204);
    expect(await me(doomed.token)).toBe(401);
    expect(await me(kept.token)).toBe(200);
    const listed = await admin.get('/api/tokens');
    expect(listed.body.items.map((token: { id: number }) => token.id)).not.toContain(doomed.id);
    expect(listed.body.items.map((token: { id: number }) => token.id)).toContain(kept.id);
  });

  it("revokes a deleted or demoted admin's tokens: 401, even once promoted again", async () => {
    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    await addUsers(server, 'ops', 'ex-ops');
    for (const name of ['ops', 'ex-ops']) await admin.put(`/api/users/${name}/role`, { role: 'admin' });
    const opsToken = (await http.as(await http.login('ops', passwordOf('ops'))).post('/api/tokens', { name: 'ops-script' })).body.token;
    const exSession = await http.login('ex-ops', passwordOf('ex-ops'));

    expect((await admin.delete('/api/users/ops')).status).toBe(204);
    expect(await me(opsToken)).toBe(401);
    expect((await admin.put('/api/users/ex-ops/role', { role: 'user' })).status).toBe(200);
    expect(await me(exSession)).toBe(401);
    // A role change revokes the tokens (issue 10): promoted again, the old token stays dead.
    await admin.put('/api/users/ex-ops/role', { role: 'admin' });
    expect(await me(exSession)).toBe(401);
  });

  it('lists who last used a token and when', async () => {
    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    const created = (await admin.post('/api/tokens', { name: 'watched' })).body;
    expect(created.lastUsedAt).toBeNull();
    clock.advance(5 * MINUTE);
    const usedAt = clock.now().toISOString();
    expect(await me(created.token)).toBe(200);
    const listed = (await admin.get('/api/tokens')).body.items.find((token: { id: number }) => token.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'watched', owner: 'admin', createdAt: created.createdAt, expiresAt: null, lastUsedAt: usedAt });
  });
});

describe('parley token create (spawned CLI against a running server)', () => {
  /** Spawning a server and a CLI on a loaded two-core machine takes a while. */
  const SLOW_TEST_MS = 90_000;
  let dataDir: string;
  let http: AdminClient;

  beforeAll(async () => {
    dataDir = makeDataDir();
    const { proc } = await spawnServer(parleyEnv(dataDir, { PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD }));
    const deadline = Date.now() + 20_000;
    let match: RegExpExecArray | null;
    while (!(match = /admin console on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout))) {
      if (Date.now() > deadline) throw new Error(`no "admin console on" line; stdout ${proc.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    http = new AdminClient(match[1]);
    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    for (const [username, role] of [['ops', 'admin'], ['pleb', 'user']]) {
      expect((await admin.post('/api/users', { username, password: passwordOf(username), role })).status).toBe(201);
    }
  }, SLOW_TEST_MS);
  afterAll(async () => {
    await killAllParleys();
    removeDataDir(dataDir);
  });

  const parley = (...args: string[]) => runParley(args, parleyEnv(dataDir));

  function printedToken(result: RunResult): string {
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const match = /^Token \(shown only once\): (\S+)$/m.exec(result.stdout);
    expect(match).not.toBeNull();
    cliSecrets.push(match![1]);
    return match![1];
  }

  function expectOneLineFailure(result: RunResult, mentions: RegExp): void {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(mentions);
    expect(result.stderr).not.toContain('    at ');
  }

  it('prints a token, acting as the admin named by --user, that works against the running server at once', async () => {
    const before = Date.now();
    const result = await parley('token', 'create', 'nightly-backup', '--expires', '7', '--user', 'OPS');
    const token = printedToken(result);
    expect(result.stdout).toMatch(/nightly-backup/);

    const me = await http.as(token).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ username: 'ops', role: 'admin' });
    const listed = (await http.as(token).get('/api/tokens')).body.items.find((item: { name: string }) => item.name === 'nightly-backup');
    expect(listed).toMatchObject({ owner: 'ops', expiresAt: expect.any(String) });
    const days = (Date.parse(listed.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
  }, SLOW_TEST_MS);

  it('refuses a bad --expires, or a --user who is not an admin, with one line and exit 1', async () => {
    const [notANumber, notAdmin] = await Promise.all([
      parley('token', 'create', 'x', '--expires', 'soon'),
      parley('token', 'create', 'x', '--user', 'pleb'),
    ]);
    expectOneLineFailure(notANumber, /--expires/);
    expectOneLineFailure(notAdmin, /pleb.*not an admin/);
    expect((await http.as(cliSecrets[0]).get('/api/tokens')).body.items.map((item: { name: string }) => item.name)).not.toContain('x');
  }, SLOW_TEST_MS);
});

describe('GET /health when the database is gone', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    // The app's own shutdown may trip over the destroyed DataSource; the test has its answer by then.
    await server.stop().catch(() => {});
    removeDataDir(server.dataDir);
  });

  it('answers 200 while the database answers, and 503 once it does not', async () => {
    const http = new AdminClient(server.httpUrl);
    const healthy = await http.get('/health');
    expect(healthy.status).toBe(200);
    expect(healthy.body.status).toBe('ok');

    await server.app.get(DataSource).destroy();
    const sick = await http.get('/health');
    expect(sick.status).toBe(503);
    expect(sick.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  });
});

describe('what responses give away', () => {
  it('no response in this file held a password hash, or a token secret other than where it was issued', () => {
    const recorded = recordedExchanges();
    expect(recorded.length).toBeGreaterThan(30);
    expect(cliSecrets.length).toBe(1);
    expect(findLeaks(recorded, cliSecrets)).toEqual([]);
  });
});
