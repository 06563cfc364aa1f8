import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { LineClient } from '../support/line-client';
import { killAllParleys, ParleyProcess, parleyEnv, runParley, RunResult, spawnServer, useScratchDir } from '../support/spawn-parley';
import { makeDataDir, removeDataDir } from '../support/test-server';

const ADMIN_PASSWORD = 'spawned-admin-pw';
/** Tests that start several processes in a row get more than jest's default 30 s. */
const SLOW_TEST_MS = 90_000;
const LINE_TIMEOUT_MS = 10_000;

describe('parley server', () => {
  let dataDir: string;
  const clients: LineClient[] = [];

  beforeEach(() => {
    dataDir = makeDataDir();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await killAllParleys();
    removeDataDir(dataDir);
  });

  async function login(port: number, user: string, password: string): Promise<LineClient> {
    const client = await LineClient.connect(port);
    clients.push(client);
    client.send(user);
    client.send(password);
    await client.expectLine(/^Welcome, /, LINE_TIMEOUT_MS);
    return client;
  }

  describe.each(['SIGTERM', 'SIGINT'] as const)('on %s', (signal) => {
    it('tells logged-in users it is shutting down, closes every connection, and exits 0', async () => {
      const { proc, port } = await spawnServer(parleyEnv(dataDir, { PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD }));
      const admin = await login(port, 'admin', ADMIN_PASSWORD);
      // A connection still at the login prompt must not hold the shutdown up.
      const lurker = await LineClient.connect(port);
      clients.push(lurker);
      await lurker.expectPrompt('Username: ', LINE_TIMEOUT_MS);

      proc.signal(signal);

      await admin.expectLine(/shutting down/i, LINE_TIMEOUT_MS);
      await admin.expectClosed(LINE_TIMEOUT_MS);
      await lurker.expectClosed(LINE_TIMEOUT_MS);
      expect(await proc.waitForExit()).toEqual({ code: 0, signal: null });
      expect(proc.stderr).toBe('');
    });
  });

  it('creates admin with a generated password printed once, and prints none on the next start', async () => {
    const env = parleyEnv(dataDir);
    const first = ParleyProcess.spawn(['server', '127.0.0.1', '0'], env);
    const password = (await first.expectStdout(/password: (\S+)/))[1];
    const listening = await first.expectStdout(/line protocol listening on 127\.0\.0\.1:(\d+)/);

    const admin = await login(Number(listening[1]), 'admin', password);
    admin.send('logout');
    await admin.expectClosed(LINE_TIMEOUT_MS);
    first.signal('SIGTERM');
    expect(await first.waitForExit()).toEqual({ code: 0, signal: null });
    expect((first.stdout + first.stderr).split(password)).toHaveLength(2);

    const second = ParleyProcess.spawn(['server', '127.0.0.1', '0'], env);
    const again = await second.expectStdout(/line protocol listening on 127\.0\.0\.1:(\d+)/);
    // The password printed the first time still works.
    await login(Number(again[1]), 'admin', password);
    second.signal('SIGTERM');
    expect(await second.waitForExit()).toEqual({ code: 0, signal: null });
    expect(second.stdout).not.toMatch(/password: /);
    expect(second.stdout + second.stderr).not.toContain(password);
  }, SLOW_TEST_MS);

  it('keeps an acknowledged stored message through kill -9', async () => {
    const env = parleyEnv(dataDir, { PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD });
    for (const [name, password] of [['alice', 'alice-pw-a'], ['bob', 'bob-pw-bb']]) {
      const added = await runParley(['user', 'add', name, '--password', password], env);
      expect(added).toMatchObject({ code: 0 });
    }

    const first = await spawnServer(env);
    const alice = await login(first.port, 'alice', 'alice-pw-a');
    alice.send('message bob hello');
    await alice.expectLine(/offline.*stored|stored.*offline/, LINE_TIMEOUT_MS);
    // No graceful shutdown: whatever was acknowledged must already be on disk.
    first.proc.signal('SIGKILL');
    expect(await first.proc.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await spawnServer(env);
    const bob = await login(second.port, 'bob', 'bob-pw-bb');
    await bob.expectLine(/^You have 1 stored messages?:$/, LINE_TIMEOUT_MS);
    expect(await bob.nextLine(LINE_TIMEOUT_MS)).toMatch(/^alice \(stored \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): hello$/);
  }, SLOW_TEST_MS);
});

describe('parley server with bad configuration', () => {
  const root = useScratchDir();

  /** Refused at start: non-zero exit, one line on stderr naming the setting, no stack trace. */
  function expectRefused(result: RunResult, setting: string): void {
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(setting);
    expect(result.stdout + result.stderr).not.toContain('    at ');
    expect(result.stdout).not.toMatch(/listening on/);
  }

  const server = (env: NodeJS.ProcessEnv, args: string[] = []) => runParley(['server', ...args], env);

  it('names line.port when PARLEY_LINE_PORT is out of range', async () => {
    expectRefused(await server(parleyEnv(join(root(), 'data'), { PARLEY_LINE_PORT: '70000' })), 'line.port');
  });

  it('names line.port when the PORT argument is out of range', async () => {
    expectRefused(await server(parleyEnv(join(root(), 'data')), ['127.0.0.1', '70000']), 'line.port');
  });

  it('names an unknown PARLEY_ variable', async () => {
    expectRefused(await server(parleyEnv(join(root(), 'data'), { PARLEY_NOPE: '1' })), 'PARLEY_NOPE');
  });

  it('names data.dir when the data directory is a regular file', async () => {
    const file = join(root(), 'not-a-directory');
    writeFileSync(file, 'just a file\n');
    expectRefused(await server(parleyEnv(file)), 'data.dir');
  });

  it('says the address is in use when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await server(parleyEnv(join(root(), 'data'), { PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD }), ['127.0.0.1', String(port)]);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/in use/);
      expect(result.stderr).toContain(String(port));
      expect(result.stdout + result.stderr).not.toContain('    at ');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('says the admin HTTP address is in use, and creates no admin, when the HTTP port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await server(parleyEnv(join(root(), 'data'), { PARLEY_HTTP_PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/in use/);
      expect(result.stderr).toContain(String(port));
      expect(result.stdout + result.stderr).not.toMatch(/password: |listening on|admin console on/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('does not use up the first admin password on a start that fails', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const env = parleyEnv(join(root(), 'data'));
    try {
      const port = (blocker.address() as { port: number }).port;
      const failed = await server(env, ['127.0.0.1', String(port)]);
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).not.toMatch(/password: /);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    const started = await spawnServer(env);
    const password = /password: (\S+)/.exec(started.proc.stdout)![1];
    (await LineClient.login(started.port, 'admin', password, LINE_TIMEOUT_MS)).close();
  }, SLOW_TEST_MS);
});
