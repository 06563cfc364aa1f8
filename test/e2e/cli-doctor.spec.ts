import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { hasOpenssl, makeCertificate, opensslDate } from '../support/certificates';
import { ParleyProcess, parleyEnv, runParley, RunResult, useScratchDir } from '../support/spawn-parley';

const SLOW_TEST_MS = 60_000;
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const itWithOpenssl = hasOpenssl ? it : it.skip;
if (!hasOpenssl) console.warn('cli-doctor.spec: skipping the TLS checks: the openssl command is not installed.');

/** The doctor's line for one check, e.g. lineOf(result, 'database'). */
function lineOf(result: RunResult, check: string): string {
  const line = result.stdout.split('\n').find((text) => text.slice(5).startsWith(`${check}:`));
  if (!line) throw new Error(`no "${check}" line in ${JSON.stringify(result.stdout)}`);
  return line;
}

function expectOnlyFailure(result: RunResult, check: string, detail: RegExp): void {
  expect(result.code).toBe(1);
  expect(lineOf(result, check)).toMatch(new RegExp(`^FAIL ${check}: ${detail.source}`));
  const others = result.stdout.trim().split('\n').filter((line) => !line.slice(5).startsWith(`${check}:`));
  for (const line of others) expect(line).toMatch(/^ok {3}/);
}

function sql(file: string, statement: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.run(statement, (runError) => db.close(() => (runError ? reject(runError) : resolve())));
    });
  });
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('parley doctor', () => {
  const scratch = useScratchDir();
  const doctor = (settings: Record<string, string> = {}) => runParley(['doctor'], parleyEnv(scratch(), settings));
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('prints one ok line per check and exits 0 on a sound installation', async () => {
    const result = await doctor();
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    // Listeners added later (IRC) add their own port lines.
    const checks = lines.map((line) => line.slice(5).split(':')[0]);
    expect(checks.filter((name) => !/^irc /.test(name))).toEqual([
      'config', 'data dir', 'database', 'line port', 'http port', 'tls certificate', 'redis',
    ]);
    for (const line of lines) expect(line).toMatch(/^ok {3}/);
  });

  it('parley --version prints the version', async () => {
    const result = await runParley(['--version'], parleyEnv(scratch()));
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('fails the config check as start-up would, and checks nothing else', async () => {
    const result = await doctor({ PARLEY_LINE_PORT: '70000' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL config: Invalid setting line\.port \(set by PARLEY_LINE_PORT\)/);
    expect(result.stdout).not.toMatch(/^ok/m);
    expect(result.stdout).not.toContain('    at ');
  });

  it('fails when the data dir cannot be used', async () => {
    const notADirectory = join(scratch(), 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    const result = await runParley(['doctor'], parleyEnv(notADirectory));
    expect(result.code).toBe(1);
    expect(lineOf(result, 'data dir')).toMatch(/^FAIL data dir: Invalid setting data\.dir .*a-file/);
    expect(lineOf(result, 'database')).toMatch(/^FAIL database: not checked/);
  });

  it('passes on a database the server made, and fails on a file that is not a database', async () => {
    const env = parleyEnv(scratch());
    expect((await runParley(['user', 'add', 'alice', '--password', 'alice-pw'], env)).code).toBe(0);
    expect(lineOf(await doctor(), 'database')).toMatch(/^ok {3}database: SQLite .*reachable, \d+ migrations applied, none pending$/);

    writeFileSync(join(scratch(), 'parley.sqlite'), 'this is not an SQLite file '.repeat(200));
    expectOnlyFailure(await doctor(), 'database', /SQLite .*parley\.sqlite: .*not a database/);
  }, SLOW_TEST_MS);

  it('fails when a migration has not run, or one from a newer Parley has', async () => {
    const env = parleyEnv(scratch());
    expect((await runParley(['user', 'list'], env)).code).toBe(0);
    const file = join(scratch(), 'parley.sqlite');
    await sql(file, "DELETE FROM migrations WHERE name = 'AdminApi1764200000000'");
    expectOnlyFailure(await doctor(), 'database', /.*1 migrations not applied \(AdminApi1764200000000\); back up, then start parley server/);

    await sql(file, "INSERT INTO migrations (timestamp, name) VALUES (1764200000000, 'AdminApi1764200000000')");
    await sql(file, "INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')");
    expectOnlyFailure(await doctor(), 'database', /.*migrations from a newer Parley have run \(FromTheFuture1999999999999\)/);
  }, SLOW_TEST_MS);

  it('fails when another program holds a configured port', async () => {
    // Another program: it greets with its own banner, as an SSH server would.
    const squatter = createServer((socket) => socket.resume().end('SSH-2.0-OpenSSH_9.2\r\n'));
    const port = await listen(squatter);
    closers.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    expectOnlyFailure(await doctor({ PARLEY_HTTP_PORT: String(port) }), 'http port', new RegExp(`127\\.0\\.0\\.1:${port} is in use by another program`));
    expectOnlyFailure(await doctor({ PARLEY_LINE_PORT: String(port) }), 'line port', /.* is in use by another program/);
  });

  it('passes ports held by a running Parley', async () => {
    const [linePort, httpPort] = [await freePort(), await freePort()];
    const settings = { PARLEY_LINE_PORT: String(linePort), PARLEY_HTTP_PORT: String(httpPort) };
    // No HOST PORT arguments: the server takes its ports from the same settings as the doctor.
    const proc = ParleyProcess.spawn(['server'], parleyEnv(scratch(), settings));
    await proc.expectStdout(/admin console on/);
    const result = await doctor(settings);
    expect(result.code).toBe(0);
    expect(lineOf(result, 'line port')).toBe(`ok   line port: 127.0.0.1:${linePort} is held by a running Parley (its banner)`);
    expect(lineOf(result, 'http port')).toBe(`ok   http port: 127.0.0.1:${httpPort} is held by a running Parley (version ${VERSION} on /health)`);
    proc.signal('SIGTERM');
    expect(await proc.waitForExit()).toMatchObject({ code: 0 });
  }, SLOW_TEST_MS);

  describe('the TLS certificate', () => {
    const tlsSettings = (cert: string, key: string) => ({ PARLEY_TLS_ENABLED: 'true', PARLEY_TLS_PORT: '0', PARLEY_TLS_CERT: cert, PARLEY_TLS_KEY: key });
    const certDir = (name: string) => {
      const dir = join(scratch(), name);
      mkdirSync(dir);
      return dir;
    };

    itWithOpenssl('passes a valid one and says until when', async () => {
      const { cert, key } = makeCertificate(certDir('good'), { from: opensslDate(-1), to: opensslDate(30) });
      const result = await doctor(tlsSettings(cert, key));
      expect(result.code).toBe(0);
      expect(lineOf(result, 'tls certificate')).toMatch(/^ok {3}tls certificate: .*cert\.pem \(CN=127\.0\.0\.1\) valid until \S+, (29|30) days$/);
    });

    itWithOpenssl('fails an expired one', async () => {
      const { cert, key } = makeCertificate(certDir('old'), { from: '20200101000000Z', to: '20210101000000Z' });
      expectOnlyFailure(await doctor(tlsSettings(cert, key)), 'tls certificate', /.*cert\.pem expired on 2021-01-01T00:00:00\.000Z/);
    });

    itWithOpenssl('fails one that cannot be read, or whose key is not its own', async () => {
      const good = makeCertificate(certDir('a'), { from: opensslDate(-1), to: opensslDate(30) });
      const other = makeCertificate(certDir('b'), { from: opensslDate(-1), to: opensslDate(30) });
      const missing = join(scratch(), 'missing.pem');
      expectOnlyFailure(await doctor(tlsSettings(missing, good.key)), 'tls certificate', /cannot read tls\.cert .*missing\.pem: .*ENOENT/);
      expectOnlyFailure(await doctor(tlsSettings(good.cert, other.key)), 'tls certificate', /tls\.key .* is not the key of tls\.cert/);
    });
  });

  describe('Redis in cluster mode', () => {
    it('passes when Redis answers PING, and fails when nothing answers', async () => {
      const port = await freePort();
      const redis = await startRedis(port);
      closers.push(() => stopRedis(redis));
      const up = await doctor({ PARLEY_CLUSTER_REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(up.code).toBe(0);
      expect(lineOf(up, 'redis')).toBe(`ok   redis: 127.0.0.1:${port} answers PING`);

      await stopRedis(redis);
      expectOnlyFailure(await doctor({ PARLEY_CLUSTER_REDIS_URL: `redis://127.0.0.1:${port}` }), 'redis', /127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    }, SLOW_TEST_MS);

    it('fails when Redis refuses the password in the URL', async () => {
      const port = await freePort();
      const redis = await startRedis(port, ['--requirepass', 'right-redis-pw']);
      closers.push(() => stopRedis(redis));
      expect((await doctor({ PARLEY_CLUSTER_REDIS_URL: `redis://:right-redis-pw@127.0.0.1:${port}` })).code).toBe(0);
      expectOnlyFailure(
        await doctor({ PARLEY_CLUSTER_REDIS_URL: `redis://:wrong-redis-pw@127.0.0.1:${port}` }),
        'redis',
        /.*Redis said (WRONGPASS|ERR)/,
      );
    }, SLOW_TEST_MS);
  });
});

/** Our own redis-server on `port` (the shared one is never touched), ready once it accepts connections. */
function startRedis(port: number, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (/Ready to accept connections/.test(output)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.on('error', reject);
  });
}

function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
