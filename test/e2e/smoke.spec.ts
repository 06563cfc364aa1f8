import { ADMIN_PASSWORD, removeDataDir, startServer, TestServer } from '../support/test-server';
import { LineClient } from '../support/line-client';

describe('smoke', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('logs the admin in', async () => {
    const client = await LineClient.login(server.port, 'admin', ADMIN_PASSWORD);
    client.send('whoelse');
    await client.expectLine(/^Online: \(none\)$/);
    client.close();
  });
});
