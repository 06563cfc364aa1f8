import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerApp } from '../../src/app';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import { LineServer } from '../../src/gateway/line-server';
import { LineClient } from '../support/line-client';
import { addUsers, FAST_HASHING, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('tls.spec: skipping: the openssl command is not installed.');
const describeWithOpenssl = hasOpenssl ? describe : describe.skip;

/** A throw-away self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

describeWithOpenssl('the TLS listener', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'parley-cert-'));
  let server: TestServer;
  let tlsPort: number;

  beforeAll(async () => {
    const { cert, key } = makeCertificate(certDir);
    server = await startServer({ settings: { 'tls.enabled': true, 'tls.port': 0, 'tls.cert': cert, 'tls.key': key } });
    tlsPort = server.app.get(LineServer).tlsPort!;
    await addUsers(server, 'alice', 'bob', 'carol');
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    rmSync(certDir, { recursive: true, force: true });
  });

  it('serves the line protocol over TLS, alongside plain clients', async () => {
    const alice = await LineClient.connectTls(tlsPort);
    alice.send('alice');
    alice.send(passwordOf('alice'));
    await alice.expectLine(/^Welcome, alice/);
    const bob = await LineClient.login(server.port, 'bob', passwordOf('bob'));
    await alice.expectLine(/^\*\*\* bob has logged in$/);
    alice.send('broadcast over tls');
    await bob.expectLine(/^alice \(broadcast\): over tls$/);
    bob.send('message alice back in plain text');
    await alice.expectLine(/^bob: back in plain text$/);
    alice.close();
    bob.close();
  });

  it('does not speak plain text on the TLS port', async () => {
    const plain = await LineClient.connect(tlsPort);
    plain.send('alice');
    await plain.expectClosed();
    expect(plain.raw).not.toMatch(/Username/);
  });

  it('works with openssl s_client as the client', async () => {
    const client = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${tlsPort}`, '-quiet'], { stdio: 'pipe' });
    let output = '';
    client.stdout.setEncoding('latin1');
    client.stdout.on('data', (text: string) => (output += text));
    const exited = new Promise((resolve) => client.on('close', resolve));
    client.stdin.write(`carol\n${passwordOf('carol')}\nwhoelse\nlogout\n`);
    await exited;
    expect(output).toMatch(/Welcome, carol!/);
    expect(output).toMatch(/Online: /);
    expect(output).toMatch(/Goodbye, carol\./);
  });
});

describe('TLS settings', () => {
  it('stops the start with one line naming the setting when the certificate cannot be read', async () => {
    const dataDir = makeDataDir();
    try {
      const config = loadConfig({
        env: {},
        overrides: {
          'data.dir': dataDir,
          'line.port': 0,
          'tls.enabled': true,
          'tls.port': 0,
          'tls.cert': join(dataDir, 'missing.pem'),
          'tls.key': join(dataDir, 'missing.key'),
          ...FAST_HASHING,
        },
      });
      const started = createServerApp(config, { logger: false });
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/^Invalid setting tls\.cert: cannot read .*missing\.pem: ENOENT\.$/);
    } finally {
      removeDataDir(dataDir);
    }
  });

  it('rejects enabling TLS without a certificate', () => {
    expect(() => loadConfig({ env: { PARLEY_TLS_ENABLED: 'true' } })).toThrow(
      'Invalid setting tls.cert: is required when tls.enabled is true.',
    );
  });

  it('rejects a key that is not a key', async () => {
    const dataDir = makeDataDir();
    try {
      writeFileSync(join(dataDir, 'junk.pem'), 'not a pem file');
      const config = loadConfig({
        env: {},
        overrides: {
          'data.dir': dataDir,
          'line.port': 0,
          'tls.enabled': true,
          'tls.port': 0,
          'tls.cert': join(dataDir, 'junk.pem'),
          'tls.key': join(dataDir, 'junk.pem'),
        },
      });
      await expect(createServerApp(config, { logger: false })).rejects.toThrow(/^Invalid setting tls\.cert or tls\.key: /);
    } finally {
      removeDataDir(dataDir);
    }
  });
});
