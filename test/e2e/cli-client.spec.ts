import { AccountsService } from '../../src/accounts/accounts.service';
import { LineClient } from '../support/line-client';
import { baseEnv, killAllParleys, ParleyProcess } from '../support/spawn-parley';
import { removeDataDir, startServer, TestServer } from '../support/test-server';

/** `parley client HOST PORT USER:PASSWORD` spawned as a real process against an in-process server. */
describe('parley client', () => {
  let server: TestServer;
  let stopped: boolean;
  const clients: LineClient[] = [];

  beforeEach(async () => {
    server = await startServer();
    stopped = false;
    const accounts = server.app.get(AccountsService);
    await accounts.createUser('alice', 'alice-pw-1');
    await accounts.createUser('bob', 'bob-pw-22');
  });

  afterEach(async () => {
    await killAllParleys();
    for (const client of clients.splice(0)) client.close();
    if (!stopped) await server.stop();
    removeDataDir(server.dataDir);
  });

  async function login(user: string, password: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, user, password);
    clients.push(client);
    return client;
  }

  function spawnClient(credentials: string): ParleyProcess {
    return ParleyProcess.spawn(['client', '127.0.0.1', String(server.port), credentials], baseEnv());
  }

  it('relays typed lines to the server, prints what arrives, and exits 0 on logout', async () => {
    const bob = await login('bob', 'bob-pw-22');
    const alice = spawnClient('alice:alice-pw-1');

    await alice.expectStdout(/^Welcome, alice/);
    await bob.expectLine(/^\*\*\* alice has logged in$/, 10_000);

    alice.send('broadcast hello from the terminal');
    await bob.expectLine(/^alice \(broadcast\): hello from the terminal$/, 10_000);

    bob.send('message alice hi');
    await alice.expectStdout(/^bob: hi$/);

    alice.send('logout');
    await alice.expectStdout(/^Goodbye, alice\.$/);
    expect(await alice.waitForExit()).toEqual({ code: 0, signal: null });
    await bob.expectLine(/^\*\*\* alice has logged out$/, 10_000);
    // Prompts are the client's business: none leak into the relayed output.
    expect(alice.stdout).not.toMatch(/Username: |Password: /);
  });

  it('logs out and exits 0 at the end of its input', async () => {
    const alice = spawnClient('alice:alice-pw-1');
    await alice.expectStdout(/^Welcome, alice/);

    alice.endInput();
    await alice.expectStdout(/^Goodbye, alice\.$/);
    expect(await alice.waitForExit()).toEqual({ code: 0, signal: null });
  });

  it('works from a script: input piped in before login is sent, then it logs out', async () => {
    const bob = await login('bob', 'bob-pw-22');
    const alice = spawnClient('alice:alice-pw-1');
    alice.send('broadcast from a script');
    alice.endInput();

    await bob.expectLine(/^alice \(broadcast\): from a script$/, 10_000);
    expect(await alice.waitForExit()).toEqual({ code: 0, signal: null });
    expect(alice.stdout).toMatch(/^Goodbye, alice\.$/m);
  });

  it('exits 2 with the server\'s reason when the password is wrong', async () => {
    const alice = spawnClient('alice:wrong');

    expect(await alice.waitForExit()).toEqual({ code: 2, signal: null });
    expect(alice.stderr).toContain('Invalid username or password');
    expect(alice.stdout).not.toMatch(/Welcome/);
  });

  it('exits non-zero saying "locked" when the account is locked, even with the right password', async () => {
    // Two failures over the raw protocol, the third through the client itself.
    const raw = await LineClient.connect(server.port);
    clients.push(raw);
    for (const attempt of ['bad-1', 'bad-2']) {
      raw.send('alice');
      raw.send(attempt);
      await raw.expectLine(/Invalid username or password/, 10_000);
    }
    raw.close();

    const third = spawnClient('alice:bad-3');
    const thirdExit = await third.waitForExit();
    expect(thirdExit.code).not.toBe(0);
    expect(third.stderr).toMatch(/locked/i);

    const rightPassword = spawnClient('alice:alice-pw-1');
    const exit = await rightPassword.waitForExit();
    expect(exit.code).toBe(2);
    expect(rightPassword.stderr).toMatch(/locked/i);
    expect(rightPassword.stdout).not.toMatch(/Welcome/);
  }, 60_000);

  it('exits 2 when the account is already logged in, leaving the first session alone', async () => {
    const first = await login('alice', 'alice-pw-1');

    const second = spawnClient('alice:alice-pw-1');
    expect(await second.waitForExit()).toEqual({ code: 2, signal: null });
    expect(second.stderr).toContain('already logged in');

    first.send('whoelse');
    await first.expectLine(/^Online: /, 10_000);
  });

  it('exits non-zero saying the connection closed when the server stops', async () => {
    const alice = spawnClient('alice:alice-pw-1');
    await alice.expectStdout(/^Welcome, alice/);

    stopped = true;
    await server.stop();

    await alice.expectStdout(/shutting down/i);
    const exit = await alice.waitForExit();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(alice.stderr).toContain('Connection closed by the server.');
  });

  it('exits non-zero with a clear line when nothing listens on the port', async () => {
    const port = server.port;
    stopped = true;
    await server.stop();

    const alice = ParleyProcess.spawn(['client', '127.0.0.1', String(port), 'alice:alice-pw-1'], baseEnv());
    const exit = await alice.waitForExit();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(alice.stderr).toMatch(/Cannot connect to 127\.0\.0\.1:\d+/);
    expect(alice.stderr).not.toContain('    at ');
  });
});
