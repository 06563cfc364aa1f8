import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineServer } from '../../src/gateway/line-server';
import { AdminClient } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('client-addresses.spec: skipping: the openssl command is not installed.');
const describeWithOpenssl = hasOpenssl ? describe : describe.skip;

/**
 * A dual-stack plain listener on "::" sees 127.0.0.1 as ::ffff:127.0.0.1; the TLS listener on
 * 127.0.0.1 sees it as 127.0.0.1. Both are one client address.
 */
describeWithOpenssl('one client address whichever listener it came through', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'parley-cert-'));
  let server: TestServer;
  let tlsPort: number;

  beforeAll(async () => {
    const cert = join(certDir, 'cert.pem');
    const key = join(certDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    server = await startServer({
      settings: {
        'line.host': '::',
        'line.max_connections_per_address': 1,
        'tls.enabled': true,
        'tls.port': 0,
        'tls.cert': cert,
        'tls.key': key,
      },
    });
    tlsPort = server.app.get(LineServer).tlsPort!;
    await addUsers(server, 'alice');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    rmSync(certDir, { recursive: true, force: true });
  });

  it('counts a connection through the dual-stack listener and one through the IPv4 listener as one address', async () => {
    const plain = await LineClient.connect(server.port, '127.0.0.1');
    plain.send('alice');
    plain.send(passwordOf('alice'));
    await plain.expectLine(/^Welcome, alice/);

    const tls = await LineClient.connectTls(tlsPort);
    expect(await tls.nextLine()).toBe('Error: too many connections from your address (the limit is 1); try again later.');
    tls.close();

    const admin = new AdminClient(server.httpUrl);
    const sessions = await admin.as(await admin.login('admin', ADMIN_PASSWORD)).get('/api/sessions');
    expect(sessions.body.items).toEqual([expect.objectContaining({ username: 'alice', address: '127.0.0.1' })]);
    plain.close();
  });
});
