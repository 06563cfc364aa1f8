import { join } from 'node:path';
import { AdminClient } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { failLineLogins } from '../support/line-logins';
import { addUsers, ADMIN_PASSWORD, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';
import { FakeClock } from '../support/fake-clock';
import { killAllParleys, parleyEnv, spawnServer } from '../support/spawn-parley';
import { HttpListener } from '../../src/admin/http-listener';

/** What only the admin application needs; none of it may be loaded before its first request. */
const ADMIN_ONLY = ['express', '@nestjs/swagger', 'class-validator', 'class-transformer', 'prom-client', '@nestjs/terminus', 'helmet'];
/** What a single server on SQLite never needs: the PostgreSQL driver, and Redis and the bus for cluster mode. */
const NOT_ON_SQLITE_ALONE = ['pg', 'ioredis', '@nestjs/microservices'];

describe('the admin application loads on its first HTTP request', () => {
  let server: TestServer;
  const clients: LineClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('reports the logins and messages of before it loaded, in /metrics and the dashboard', async () => {
    server = await startServer();
    await addUsers(server, 'alice', 'bob');
    const alice = await LineClient.login(server.port, 'alice', passwordOf('alice'));
    const bob = await LineClient.login(server.port, 'bob', passwordOf('bob'));
    clients.push(alice, bob);
    alice.send('broadcast hello before the console');
    await bob.expectLine(/hello before the console/);
    await failLineLogins(server.port, 'alice', 1);
    expect(server.app.get(HttpListener).loaded).toBe(false);

    const http = new AdminClient(server.httpUrl);
    // Two requests at once before it has loaded: both are answered (test/unit/http-listener.spec.ts holds the start at a gate).
    const [health, metrics] = await Promise.all([http.get('/health'), http.get('/metrics')]);
    expect(health.status).toBe(200);
    expect(metrics.text).toMatch(/^parley_logins_total\{result="ok"\} 2$/m);
    expect(metrics.text).toMatch(/^parley_logins_total\{result="failed"\} 1$/m);
    expect(metrics.text).toMatch(/^parley_messages_total\{kind="broadcast"\} 1$/m);
    expect(server.app.get(HttpListener).loaded).toBe(true);

    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    const perMinute = (await admin.get('/api/stats')).body.perMinute as Array<{ logins: number; messages: number }>;
    // The admin's sign-in over HTTP is not a chat login.
    expect(perMinute.reduce((sum, minute) => sum + minute.logins, 0)).toBe(2);
    expect(perMinute.reduce((sum, minute) => sum + minute.messages, 0)).toBe(1);
  });

  it('counts uptime from the server start, not from its own', async () => {
    const clock = new FakeClock(new Date('2026-12-04T08:00:00.000Z'));
    server = await startServer({ clock });
    clock.advance(90_000);
    const http = new AdminClient(server.httpUrl);
    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    const about = await admin.get('/api/about');
    expect(about.body).toMatchObject({ startedAt: '2026-12-04T08:00:00.000Z', uptimeSeconds: 90 });
  });
});

describe('a spawned server at rest', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeDataDir();
  });

  afterEach(async () => {
    await killAllParleys();
    removeDataDir(dataDir);
  });

  it('has not loaded Express, Swagger, class-validator or the metrics until the admin side is asked for, nor pg, ioredis or the bus', async () => {
    const preload = join(__dirname, '..', 'support', 'report-loaded-packages.cjs');
    const { proc } = await spawnServer({ ...parleyEnv(dataDir), NODE_OPTIONS: `--require ${preload}` });
    const httpPort = (await proc.expectStdout(/admin console on http:\/\/127\.0\.0\.1:(\d+)/))[1];

    proc.signal('SIGUSR2');
    const atRest = JSON.parse((await proc.expectStdout(/loaded-packages: (.*)/))[1]) as string[];
    expect(atRest).toEqual(expect.arrayContaining(['typeorm', 'sqlite3']));
    expect(atRest.filter((name) => ADMIN_ONLY.includes(name))).toEqual([]);
    expect(atRest.filter((name) => NOT_ON_SQLITE_ALONE.includes(name))).toEqual([]);

    const health = await fetch(`http://127.0.0.1:${httpPort}/health`);
    expect(health.status).toBe(200);
    proc.signal('SIGUSR2');
    const afterRequest = JSON.parse((await proc.expectStdout(/loaded-packages: (.*)/))[1]) as string[];
    expect(afterRequest).toEqual(expect.arrayContaining(ADMIN_ONLY));
  });
});
