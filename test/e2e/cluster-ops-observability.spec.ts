import Redis from 'ioredis';
import { NodeIdentity } from '../../src/cluster/node-identity';
import { AdminClient } from '../support/admin-client';
import { ClusterPair, startClusterPair } from '../support/cluster-pair';
import { TestServer } from '../support/test-server';

const idOf = (server: TestServer) => server.app.get(NodeIdentity).id;

/** The sample lines of a Prometheus text answer (not the # HELP and # TYPE lines). */
const samples = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

/** Asks /health until `done` holds for an answer; the deadline only stops a hang. */
async function healthUntil(http: AdminClient, done: (status: number) => boolean): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await http.get('/health');
    if (done(response.status) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('metrics and health in cluster mode', () => {
  let cluster: ClusterPair;

  beforeAll(async () => {
    cluster = await startClusterPair();
  });
  afterAll(() => cluster.stop());

  it('labels every series of a node with node="ID", so two nodes scraped together stay apart', async () => {
    for (const node of [cluster.a, cluster.b]) {
      const response = await new AdminClient(node.httpUrl).get('/metrics');
      expect(response.status).toBe(200);
      const lines = samples(response.text);
      expect(lines.length).toBeGreaterThan(10);
      expect(lines.filter((line) => !line.includes(`node="${idOf(node)}"`))).toEqual([]);
      expect(response.text).toMatch(new RegExp(`^parley_sessions_online\\{node="${idOf(node)}"\\} 0$`, 'm'));
    }
    expect(idOf(cluster.a)).not.toBe(idOf(cluster.b));
  });

  it('reports Redis up beside the database', async () => {
    const response = await new AdminClient(cluster.a.httpUrl).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers 503 with redis down when Redis does not answer PING in time, and up again once it does', async () => {
    const http = new AdminClient(cluster.a.httpUrl);
    const pauser = new Redis(cluster.redis.url);
    try {
      // Redis holds every client's commands for 3 s: the node's PING gets no answer within its 1 s.
      await pauser.call('CLIENT', 'PAUSE', '3000', 'ALL');
      const paused = await http.get('/health');
      expect(paused.status).toBe(503);
      expect(paused.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } });
      await pauser.call('CLIENT', 'UNPAUSE');
    } finally {
      pauser.disconnect();
    }
    expect((await healthUntil(http, (status) => status === 200)).status).toBe(200);
  });

  it('answers 503 with redis down while Redis is stopped, and 200 after it is back', async () => {
    const http = new AdminClient(cluster.b.httpUrl);
    await cluster.redis.stop();
    const down = await http.get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: { redis: { status: 'down' } }, info: { database: { status: 'up' } }, version: expect.any(String) });
    await cluster.redis.restart();
    expect((await healthUntil(http, (status) => status === 200)).body).toMatchObject({ info: { redis: { status: 'up' } } });
  });
});
