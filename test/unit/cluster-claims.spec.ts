import Redis from 'ioredis';
import { ClusterSettings } from '../../src/cluster/cluster-settings';
import { SessionClaims } from '../../src/cluster/session-claims';
import { hasRedisServer, PrivateRedis } from '../support/private-redis';

const describeRedis = hasRedisServer() ? describe : describe.skip;

/** SessionClaims on a real (private) redis-server: one session per account across nodes. */
describeRedis('SessionClaims', () => {
  let server: PrivateRedis;
  let redis: Redis;
  let run = 0;
  let settings: ClusterSettings;
  const info = (name: string) => ({ name, since: new Date(0).toISOString(), protocol: 'line', remoteAddress: '127.0.0.1' });

  beforeAll(async () => {
    server = await PrivateRedis.start();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });
  beforeEach(() => {
    settings = { redisUrl: server.url, name: `claims${++run}`, sessionTtlMs: 60_000 };
  });

  it('two nodes claiming the same account at once: exactly one gets it, whatever the order', async () => {
    const nodes = ['a', 'b', 'c'].map((id) => new SessionClaims(redis, settings, id));
    const results = await Promise.all(nodes.map((node) => node.claim('alice', info('alice'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = await nodes[0].holder('alice');
    expect(holder?.node).toBe(['a', 'b', 'c'][results.indexOf(true)]);
  });

  it('each claim gets a larger fencing token', async () => {
    const a = new SessionClaims(redis, settings, 'a');
    await a.claim('alice', info('alice'));
    await a.claim('bob', info('bob'));
    const [alice, bob] = await Promise.all([a.holder('alice'), a.holder('bob')]);
    expect(bob!.fence).toBeGreaterThan(alice!.fence);
  });

  it('a node whose claim expired and was taken by another neither extends nor releases it, and is told it lost it', async () => {
    const a = new SessionClaims(redis, settings, 'a');
    const b = new SessionClaims(redis, settings, 'b');
    expect(await a.claim('alice', info('alice'))).toBe(true);
    await redis.del(`${settings.name}:session:alice`); // what a lapsed lease looks like
    expect(await b.claim('alice', info('alice'))).toBe(true);

    expect(await a.renew()).toEqual(['alice']);
    await a.release('alice');
    expect((await b.holder('alice'))?.node).toBe('b');
    expect(await b.renew()).toEqual([]);
  });

  it('renewing extends the claims and the node key; releasing frees the account for another node', async () => {
    const short = { ...settings, sessionTtlMs: 5000 };
    const a = new SessionClaims(redis, short, 'a');
    await a.claim('alice', info('alice'));
    await redis.pexpire(`${short.name}:session:alice`, 100);
    expect(await a.renew()).toEqual([]);
    expect(await redis.pttl(`${short.name}:session:alice`)).toBeGreaterThan(1000);
    expect(await a.liveNodes(['a', 'gone'])).toEqual(new Set(['a']));

    await a.release('alice');
    expect(await new SessionClaims(redis, short, 'b').claim('alice', info('alice'))).toBe(true);
  });

  it('a snapshot lists every claim of its cluster, not those of another cluster on the same Redis', async () => {
    const a = new SessionClaims(redis, settings, 'a');
    const other = new SessionClaims(redis, { ...settings, name: `${settings.name}x` }, 'z');
    await a.claim('alice', info('alice'));
    await other.claim('bob', info('bob'));
    const snapshot = await a.snapshot();
    expect(snapshot.map(({ key, node, name }) => ({ key, node, name }))).toEqual([{ key: 'alice', node: 'a', name: 'alice' }]);
  });
});
