import Redis from 'ioredis';
import { ADDRESS_ATTEMPTS, AddressAttempts } from '../../src/accounts/address-attempts';
import { AdminClient } from '../support/admin-client';
import { ClusterPair, startClusterPair } from '../support/cluster-pair';
import { GatedHasher, settledCount, until } from '../support/gated-hasher';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, TestServer } from '../support/test-server';

const ATTACKER = '127.0.0.3';
const VICTIM = '127.0.0.4';
const ANSWER = /^(Welcome|Invalid|Error|Account|Too many)/;

/** One login attempt from `address`; resolves with the server's answer line. */
async function attempt(server: TestServer, address: string, name: string, password: string): Promise<string> {
  const client = await LineClient.connect(server.port, '127.0.0.1', address);
  try {
    client.send(name);
    client.send(password);
    return await client.expectLine(ANSWER);
  } finally {
    client.close();
  }
}

describe('login_throttle across a cluster', () => {
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair({ settings: { 'login_throttle.max_failures': 3, 'login_throttle.window_seconds': 30 } });
    await addUsers(cluster.a, 't1', 't2', 't3', 't4');
  });
  afterAll(() => cluster.stop());

  it('counts failures on either node against one limit per address', async () => {
    expect(await attempt(cluster.a, ATTACKER, 't1', 'guess')).toMatch(/^Invalid/);
    expect(await attempt(cluster.b, ATTACKER, 't2', 'guess')).toMatch(/^Invalid/);
    expect(await attempt(cluster.a, ATTACKER, 't3', 'guess')).toMatch(/^Invalid/);
    // Three failures, two on A and one on B: both nodes refuse the address now, right password or not.
    for (const node of [cluster.a, cluster.b]) {
      expect(await attempt(node, ATTACKER, 't4', passwordOf('t4'))).toMatch(
        /^Error: too many failed logins from your address; try again in \d+ seconds\.$/,
      );
    }
    expect(await attempt(cluster.b, VICTIM, 't4', passwordOf('t4'))).toMatch(/^Welcome, t4/);
  });

  it('keeps its counts in Redis under cluster.name', async () => {
    const redis = new Redis(cluster.redis.url);
    try {
      expect(await redis.keys('ops-test:login-failures:*')).toHaveLength(1);
      expect(await redis.keys('*').then((keys) => keys.filter((key) => !key.startsWith('ops-test:')))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('attempts in flight across a cluster', () => {
  const hashers: [GatedHasher, GatedHasher] = [new GatedHasher(), new GatedHasher()];
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair({ hashers, settings: { 'login_throttle.max_failures': 2, 'login_throttle.window_seconds': 30 } });
    await addUsers(cluster.a, 'f1', 'f2', 'f3');
  });
  afterAll(async () => {
    hashers.forEach((hasher) => hasher.openAll());
    await cluster.stop();
  });

  it('checks no more passwords per address than the limit, wherever the attempts arrive', async () => {
    const reads = jest.spyOn(cluster.b.app.get<AddressAttempts>(ADDRESS_ATTEMPTS), 'failures');
    const first = attempt(cluster.a, ATTACKER, 'f1', 'guess');
    await until(() => hashers[0].waiting === 1, 'the attempt on A at its password check');
    const others = [attempt(cluster.b, ATTACKER, 'f2', 'guess'), attempt(cluster.b, ATTACKER, 'f3', 'guess')];
    // Both attempts on B have read the counts: one is at its password check, the other must wait for A's.
    await until(() => hashers[1].waiting === 1 && reads.mock.calls.length >= 2, 'both attempts on B reserved');
    const all = [first, ...others];
    const answered = settledCount(all);
    // Open the gates until all three are answered (a password check past the limit would arrive late, and be let through too).
    await until(() => {
      hashers.forEach((hasher) => hasher.openAll());
      return answered() === 3;
    }, 'every attempt answered');
    const answers = await Promise.all(all);
    expect(hashers[0].verified.length + hashers[1].verified.length).toBe(2);
    expect(answers.filter((line) => line.startsWith('Invalid'))).toHaveLength(2);
    expect(answers.filter((line) => /^Error: too many failed logins from your address/.test(line))).toHaveLength(1);
  });
});

describe('lockout.scope account+address across a cluster', () => {
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair({ settings: { 'lockout.scope': 'account+address', 'lockout.attempts': 2, 'lockout.seconds': 60 } });
    await addUsers(cluster.a, 'p1');
  });
  afterAll(() => cluster.stop());

  it('locks the pair on every node, not the account elsewhere, and an unlock on any node lifts it', async () => {
    expect(await attempt(cluster.a, ATTACKER, 'p1', 'guess')).toMatch(/^Invalid/);
    expect(await attempt(cluster.b, ATTACKER, 'p1', 'guess')).toMatch(/^Too many failed logins: account p1 is locked for \d+ seconds\.$/);
    for (const node of [cluster.a, cluster.b]) {
      expect(await attempt(node, ATTACKER, 'p1', passwordOf('p1'))).toMatch(/^Account p1 is locked; try again in \d+ seconds\.$/);
    }
    // The owner, from another address, is not locked out.
    const owner = await LineClient.login(cluster.a.port, 'p1', passwordOf('p1'));
    owner.send('logout');
    await owner.expectClosed();

    const admin = new AdminClient(cluster.b.httpUrl);
    const unlocked = await admin.as(await admin.login('admin', ADMIN_PASSWORD)).delete('/api/lockouts/p1');
    expect(unlocked.status).toBe(204);
    expect(await attempt(cluster.a, ATTACKER, 'p1', passwordOf('p1'))).toMatch(/^Welcome, p1/);
  });
});

describe('admin sign-in limit across a cluster', () => {
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair({ settings: { 'http.login_attempts_per_minute': 3 } });
  });
  afterAll(() => cluster.stop());

  it('answers the 4th sign-in from one address with 429, whichever nodes the four reach', async () => {
    const a = new AdminClient(cluster.a.httpUrl);
    const b = new AdminClient(cluster.b.httpUrl);
    expect((await a.post('/api/auth/login', { username: 'nobody', password: 'guess' })).status).toBe(401);
    expect((await b.post('/api/auth/login', { username: 'nobody', password: 'guess' })).status).toBe(401);
    const token = await a.login('admin', ADMIN_PASSWORD);
    const fourth = await b.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers['retry-after-login'])).toBeGreaterThan(0);
    expect(fourth.body.token).toBeUndefined();
    expect((await a.as(token).get('/api/users')).status).toBe(200);
  });
});

describe('throttles without Redis', () => {
  const hashers: [GatedHasher, GatedHasher] = [new GatedHasher(), new GatedHasher()];
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair({ hashers });
    await addUsers(cluster.a, 'r1');
    await cluster.redis.stop();
  });
  afterAll(() => cluster.stop());

  it('fail closed: no password is checked and no sign-in is let through', async () => {
    expect(await attempt(cluster.a, ATTACKER, 'r1', passwordOf('r1'))).toMatch(/^Error: /);
    expect(hashers[0].verified).toEqual([]);
    const signIn = await new AdminClient(cluster.b.httpUrl).post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(signIn.status).toBe(503);
    expect(signIn.body.message).toMatch(/cluster is unavailable/);
    expect(signIn.body.token).toBeUndefined();
  });
});
