import { NodeIdentity } from '../../src/cluster/node-identity';
import { ServerHeartbeat } from '../../src/database/live-servers';
import { AdminClient } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

describe('GET /api/nodes on a single server', () => {
  let server: TestServer;
  let admin: AdminClient;

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server, 'olga');
    admin = new AdminClient(server.httpUrl);
    admin = admin.as(await admin.login('admin', ADMIN_PASSWORD));
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('lists the one server, its sessions as of its last heartbeat', async () => {
    const olga = await LineClient.login(server.port, 'olga', passwordOf('olga'));
    try {
      await server.app.get(ServerHeartbeat).beat();
      const response = await admin.get('/api/nodes');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { id: server.app.get(NodeIdentity).id, address: `127.0.0.1:${server.port}`, sessions: 1, since: expect.any(String) },
      ]);
      expect(Math.abs(Date.parse(response.body[0].since) - Date.now())).toBeLessThan(60_000);
    } finally {
      olga.close();
    }
  });

  it('keeps clusterNodes null in GET /api/about', async () => {
    expect((await admin.get('/api/about')).body.clusterNodes).toBeNull();
  });
});

describe('metrics and health on a single server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('has no node label in /metrics and no Redis entry in /health', async () => {
    const http = new AdminClient(server.httpUrl);
    expect((await http.get('/metrics')).text).not.toContain('node="');
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.info)).toEqual(['database']);
  });
});
