import { AccountsService } from '../../src/accounts/accounts.service';
import { FakeClock } from '../support/fake-clock';
import { LineClient } from '../support/line-client';
import { removeDataDir, startServer, TestServer } from '../support/test-server';

const T = new Date('2026-03-01T12:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Polls `read` until it returns something other than undefined, or fails after a few seconds. */
async function eventually<V>(what: string, read: () => Promise<V | undefined>): Promise<V> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('login lockout (fake clock, real SQLite)', () => {
  const clock = new FakeClock(T);
  let server: TestServer;
  let accounts: AccountsService;
  let userCount = 0;

  /** A fresh account for each test, so failure counts never carry over. */
  async function newUser(password = 'right-password'): Promise<string> {
    const name = `user${++userCount}`;
    await accounts.createUser(name, password);
    return name;
  }

  beforeAll(async () => {
    server = await startServer({ clock });
    accounts = server.app.get(AccountsService);
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  beforeEach(() => clock.set(T));

  it('answers invalid to the first two wrong passwords and locks for 60 s on the third', async () => {
    const name = await newUser();
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'locked-now', secondsRemaining: 60 });
  });

  it('refuses even the right password while locked, with the seconds remaining by the clock', async () => {
    const name = await newUser();
    for (let i = 0; i < 3; i++) await accounts.authenticate(name, 'wrong');

    expect(await accounts.authenticate(name, 'right-password')).toEqual({ status: 'locked', secondsRemaining: 60 });
    clock.advance(20 * SECOND);
    expect(await accounts.authenticate(name, 'right-password')).toEqual({ status: 'locked', secondsRemaining: 40 });
    clock.advance(39.5 * SECOND);
    expect(await accounts.authenticate(name, 'right-password')).toEqual({ status: 'locked', secondsRemaining: 1 });
  });

  it('does not extend the lock for attempts made while locked', async () => {
    const name = await newUser();
    for (let i = 0; i < 3; i++) await accounts.authenticate(name, 'wrong');
    clock.advance(30 * SECOND);
    for (let i = 0; i < 5; i++) await accounts.authenticate(name, 'wrong');

    expect(await accounts.authenticate(name, 'right-password')).toEqual({ status: 'locked', secondsRemaining: 30 });
  });

  it('accepts the right password once the lock has expired', async () => {
    const name = await newUser();
    for (let i = 0; i < 3; i++) await accounts.authenticate(name, 'wrong');
    clock.advance(61 * SECOND);

    expect(await accounts.authenticate(name, 'right-password')).toMatchObject({ status: 'ok' });
  });

  it('gives a fresh set of attempts after the lock expires', async () => {
    const name = await newUser();
    for (let i = 0; i < 3; i++) await accounts.authenticate(name, 'wrong');
    clock.advance(61 * SECOND);

    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'locked-now', secondsRemaining: 60 });
  });

  it('counts failures per account whatever the case of the name', async () => {
    const name = await newUser();
    expect(await accounts.authenticate(name.toUpperCase(), 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(`U${name.slice(1)}`, 'wrong')).toMatchObject({ status: 'locked-now' });
  });

  it('resets the count on a successful login', async () => {
    const name = await newUser();
    await accounts.authenticate(name, 'wrong');
    await accounts.authenticate(name, 'wrong');

    const client = await LineClient.login(server.port, name, 'right-password');
    client.send('logout');
    await client.expectClosed();

    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate(name, 'wrong')).toMatchObject({ status: 'locked-now' });
  });

  it('never locks an unknown user', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await accounts.authenticate('nobody-here', 'whatever')).toEqual({ status: 'invalid' });
    }
    expect(await accounts.authenticate('not a valid name!', 'whatever')).toEqual({ status: 'invalid' });
  });

  it('tells a line client the account is locked and how long, and closes the connection', async () => {
    const name = await newUser();
    for (let i = 0; i < 3; i++) await accounts.authenticate(name, 'wrong');
    clock.advance(15 * SECOND);

    const client = await LineClient.connect(server.port);
    client.send(name);
    client.send('right-password');
    const reply = await client.expectLine(/locked/);
    expect(reply).toMatch(/\b45 seconds\b/);
    await client.expectClosed();
  });

  it('locks a line client on the third wrong password and closes the connection', async () => {
    const name = await newUser();
    const client = await LineClient.connect(server.port);
    for (let i = 0; i < 2; i++) {
      client.send(name);
      client.send('wrong');
      await client.expectLine(/Invalid username or password/);
    }
    client.send(name);
    client.send('wrong');
    expect(await client.expectLine(/locked/)).toMatch(/\b60 seconds\b/);
    await client.expectClosed();
  });
});

describe('login lockout with lockout.attempts 2 and lockout.seconds 5', () => {
  const clock = new FakeClock(T);
  let server: TestServer;
  let accounts: AccountsService;

  beforeAll(async () => {
    server = await startServer({ clock, settings: { 'lockout.attempts': 2, 'lockout.seconds': 5 } });
    accounts = server.app.get(AccountsService);
    await accounts.createUser('carol', 'right-password');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('locks on the second failure, for 5 s', async () => {
    expect(await accounts.authenticate('carol', 'wrong')).toEqual({ status: 'invalid' });
    expect(await accounts.authenticate('carol', 'wrong')).toEqual({ status: 'locked-now', secondsRemaining: 5 });

    clock.advance(2 * SECOND);
    expect(await accounts.authenticate('carol', 'right-password')).toEqual({ status: 'locked', secondsRemaining: 3 });

    clock.advance(4 * SECOND);
    expect(await accounts.authenticate('carol', 'right-password')).toMatchObject({ status: 'ok' });
  });
});

describe('wholasthr window (fake clock, real SQLite)', () => {
  let clock: FakeClock;
  let server: TestServer;
  let accounts: AccountsService;
  const open: LineClient[] = [];

  async function boot(settings: Record<string, unknown> = {}): Promise<void> {
    clock = new FakeClock(T);
    server = await startServer({ clock, settings });
    accounts = server.app.get(AccountsService);
    await accounts.createUser('alice', 'alice-password');
    await accounts.createUser('bob', 'bob-password');
  }

  async function login(name: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, name, `${name}-password`);
    open.push(client);
    return client;
  }

  /** bob logs in and out at the current fake time; resolves once his logout is stored. */
  async function bobVisits(leave: (bob: LineClient) => void = (bob) => bob.send('logout')): Promise<void> {
    const at = clock.now();
    const bob = await login('bob');
    leave(bob);
    await bob.expectClosed();
    const lastSeen = await eventually('bob’s logout to be recorded', async () => {
      const user = await accounts.findUser('bob');
      return user?.lastSeenAt ?? undefined;
    });
    expect(lastSeen.toISOString()).toBe(at.toISOString());
  }

  async function wholasthr(client: LineClient): Promise<string> {
    client.send('wholasthr');
    return client.expectLine(/^Last hour: /);
  }

  afterEach(async () => {
    for (const client of open.splice(0)) client.close();
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('lists a user who logged out 59 minutes ago', async () => {
    await boot();
    await bobVisits();

    clock.advance(59 * MINUTE);
    const alice = await login('alice');
    expect(await wholasthr(alice)).toBe('Last hour: bob');
  });

  it('no longer lists a user who logged out 61 minutes ago', async () => {
    await boot();
    await bobVisits();
    const alice = await login('alice');

    clock.advance(59 * MINUTE);
    expect(await wholasthr(alice)).toBe('Last hour: bob');
    clock.advance(2 * MINUTE);
    expect(await wholasthr(alice)).toBe('Last hour: (none)');
  });

  it('lists a user whose connection dropped without logout', async () => {
    await boot();
    await bobVisits((bob) => bob.close());

    clock.advance(30 * MINUTE);
    const alice = await login('alice');
    expect(await wholasthr(alice)).toBe('Last hour: bob');
  });

  it('lists a user who is online now however long ago the session began', async () => {
    await boot();
    await login('bob');
    clock.advance(5 * 60 * MINUTE);
    const alice = await login('alice');
    expect(await wholasthr(alice)).toBe('Last hour: bob');
  });

  it('lists a user whose session ended when the server shut down, after a restart', async () => {
    await boot();
    const bob = await login('bob');
    await server.stop();
    await bob.expectClosed();

    clock.advance(30 * MINUTE);
    server = await startServer({ clock, dataDir: server.dataDir });
    const alice = await login('alice');
    expect(await wholasthr(alice)).toBe('Last hour: bob');
  });

  it('does not list the user who asks, even after an earlier visit in the window', async () => {
    await boot();
    const first = await login('alice');
    first.send('logout');
    await first.expectClosed();
    await eventually('alice’s logout to be recorded', async () => (await accounts.findUser('alice'))?.lastSeenAt ?? undefined);

    clock.advance(10 * MINUTE);
    const alice = await login('alice');
    expect(await wholasthr(alice)).toBe('Last hour: (none)');
  });

  it('honours the wholasthr.seconds setting', async () => {
    await boot({ 'wholasthr.seconds': 120 });
    await bobVisits();
    const alice = await login('alice');

    clock.advance(119 * SECOND);
    expect(await wholasthr(alice)).toBe('Last hour: bob');
    clock.advance(2 * SECOND);
    expect(await wholasthr(alice)).toBe('Last hour: (none)');
  });
});
