import { NodeIdentity } from '../../src/cluster/node-identity';
import { LiveServerEntity } from '../../src/database/entities';
import { HEARTBEAT_STALE_MS, LiveServersRepository, ServerHeartbeat } from '../../src/database/live-servers';
import { AdminClient } from '../support/admin-client';
import { ClusterPair, startClusterPair } from '../support/cluster-pair';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, TestServer } from '../support/test-server';

const idOf = (server: TestServer) => server.app.get(NodeIdentity).id;

describe('GET /api/nodes in cluster mode', () => {
  let cluster: ClusterPair;
  let admin: AdminClient;

  beforeAll(async () => {
    cluster = await startClusterPair();
    await addUsers(cluster.a, 'nina');
    admin = new AdminClient(cluster.a.httpUrl);
    admin = admin.as(await admin.login('admin', ADMIN_PASSWORD));
  });
  afterAll(() => cluster.stop());

  it('lists every live node with its line listener, sessions and start time, on any node', async () => {
    const response = await admin.get('/api/nodes');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { id: idOf(cluster.a), address: `127.0.0.1:${cluster.a.port}`, sessions: 0, since: expect.any(String) },
      { id: idOf(cluster.b), address: `127.0.0.1:${cluster.b.port}`, sessions: 0, since: expect.any(String) },
    ]);
    expect(Date.parse(response.body[0].since)).toBeLessThanOrEqual(Date.parse(response.body[1].since));
    const onB = new AdminClient(cluster.b.httpUrl, admin.token);
    expect((await onB.get('/api/nodes')).body).toEqual(response.body);
  });

  it("counts a node's sessions at its next heartbeat", async () => {
    const nina = await LineClient.login(cluster.b.port, 'nina', passwordOf('nina'));
    try {
      await cluster.b.app.get(ServerHeartbeat).beat();
      const nodes = (await admin.get('/api/nodes')).body as Array<{ id: string; sessions: number }>;
      expect(nodes.map((node) => [node.id, node.sessions])).toEqual([
        [idOf(cluster.a), 0],
        [idOf(cluster.b), 1],
      ]);
    } finally {
      nina.close();
    }
  });

  it('fills clusterNodes in GET /api/about with the same list', async () => {
    const [about, nodes] = await Promise.all([admin.get('/api/about'), admin.get('/api/nodes')]);
    expect(about.body.clusterNodes).toEqual(nodes.body);
  });

  it('leaves out a node whose heartbeat is stale', async () => {
    const stale = Object.assign(new LiveServerEntity(), {
      id: 'gone-1',
      host: 'gone',
      pid: 1,
      address: 'gone:4000',
      sessions: 7,
      startedAt: new Date(Date.now() - 10 * HEARTBEAT_STALE_MS),
      seenAt: new Date(Date.now() - 2 * HEARTBEAT_STALE_MS),
    });
    await cluster.a.app.get(LiveServersRepository).save(stale);
    const ids = ((await admin.get('/api/nodes')).body as Array<{ id: string }>).map((node) => node.id);
    expect(ids).toEqual([idOf(cluster.a), idOf(cluster.b)]);
  });

  it('requires an admin token', async () => {
    expect((await new AdminClient(cluster.a.httpUrl).get('/api/nodes')).status).toBe(401);
  });

  it('drops a node that stopped', async () => {
    await cluster.b.stop();
    expect(((await admin.get('/api/nodes')).body as Array<{ id: string }>).map((node) => node.id)).toEqual([idOf(cluster.a)]);
  });
});
