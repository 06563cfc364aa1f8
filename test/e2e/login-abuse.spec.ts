import { LineClient } from '../support/line-client';
import { addUsers, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const ATTACKER = '127.0.0.1';
const VICTIM = '127.0.0.2';

/** One login attempt from `address`; resolves with the server's answer line. */
async function attempt(server: TestServer, address: string, name: string, password: string): Promise<string> {
  const client = await LineClient.connect(server.port, '127.0.0.1', address);
  try {
    client.send(name);
    client.send(password);
    return await client.expectLine(/^(Welcome|Invalid|Error|Account|Too many)/);
  } finally {
    client.close();
  }
}

function useServer(settings: Record<string, unknown>): () => TestServer {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ settings });
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });
  return () => server;
}

describe('failed logins throttled per address', () => {
  const server = useServer({ 'login_throttle.max_failures': 4, 'login_throttle.window_seconds': 2 });

  it('refuses an address after too many failures across accounts, even with a right password', async () => {
    const names = ['t1', 't2', 't3', 't4', 't5'];
    await addUsers(server(), ...names);
    for (const name of names.slice(0, 4)) {
      expect(await attempt(server(), ATTACKER, name, 'guess')).toMatch(/Invalid username or password/);
    }
    const refused = await attempt(server(), ATTACKER, 't5', passwordOf('t5'));
    expect(refused).toMatch(/^Error: too many failed logins from your address; try again in [12] seconds\.$/);
    // Other addresses are not affected.
    expect(await attempt(server(), VICTIM, 't5', passwordOf('t5'))).toMatch(/^Welcome, t5/);
    // The window passes and the address may try again.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await attempt(server(), ATTACKER, 't1', passwordOf('t1'))).toMatch(/^Welcome, t1/);
  });

  it('keeps one address from locking everyone: most accounts stay usable', async () => {
    const victims = ['v1', 'v2', 'v3', 'v4', 'v5'];
    await addUsers(server(), ...victims);
    for (const name of victims) {
      for (let i = 0; i < 3; i++) await attempt(server(), ATTACKER, name, 'guess');
    }
    const results = await Promise.all(victims.map((name) => attempt(server(), VICTIM, name, passwordOf(name))));
    const locked = results.filter((line) => /locked/.test(line));
    // 4 failures reach one account's limit of 3 at most once; everyone else logs in.
    expect(locked.length).toBeLessThanOrEqual(1);
    expect(results.filter((line) => line.startsWith('Welcome')).length).toBeGreaterThanOrEqual(4);
  });
});

describe('lockout.scope account+address', () => {
  const server = useServer({ 'lockout.scope': 'account+address', 'login_throttle.max_failures': 100 });

  it('locks the account only for the address that failed; its owner elsewhere logs in', async () => {
    await addUsers(server(), 'owner');
    expect(await attempt(server(), ATTACKER, 'owner', 'guess')).toMatch(/Invalid/);
    expect(await attempt(server(), ATTACKER, 'owner', 'guess')).toMatch(/Invalid/);
    expect(await attempt(server(), ATTACKER, 'owner', 'guess')).toMatch(/locked for 60 seconds/);
    expect(await attempt(server(), ATTACKER, 'owner', passwordOf('owner'))).toMatch(/locked; try again in \d+ seconds/);

    const owner = await LineClient.connect(server().port, '127.0.0.1', VICTIM);
    owner.send('owner');
    owner.send(passwordOf('owner'));
    await owner.expectLine(/^Welcome, owner/);
    // The failures still show up in the owner's login notice.
    await owner.expectLine(/3 failed login attempts/);
    owner.close();
  });
});

describe('lockout.scope account (the default)', () => {
  const server = useServer({ 'login_throttle.max_failures': 100 });

  it('locks the account for every address', async () => {
    await addUsers(server(), 'shared');
    for (let i = 0; i < 3; i++) await attempt(server(), ATTACKER, 'shared', 'guess');
    expect(await attempt(server(), VICTIM, 'shared', passwordOf('shared'))).toMatch(/locked; try again/);
  });
});
