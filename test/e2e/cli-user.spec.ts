import { LineClient } from '../support/line-client';
import { killAllParleys, parleyEnv, runParley, RunResult } from '../support/spawn-parley';
import { makeDataDir, removeDataDir, startServer, TestServer } from '../support/test-server';

/** Each test spawns a few processes in a row; a loaded machine needs more than 30 s for that. */
const SLOW_TEST_MS = 90_000;

/** A failure the operator reads: non-zero exit, one line on stderr, no stack trace. */
function expectCleanFailure(result: RunResult): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stderr.trim()).not.toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toContain('    at ');
}

describe('parley user', () => {
  let dataDir: string;
  let server: TestServer | undefined;
  const clients: LineClient[] = [];

  const parley = (...args: string[]) => runParley(args, parleyEnv(dataDir));

  beforeEach(() => {
    dataDir = makeDataDir();
    server = undefined;
  });

  afterEach(async () => {
    await killAllParleys();
    for (const client of clients.splice(0)) client.close();
    await server?.stop();
    removeDataDir(dataDir);
  });

  async function canLogIn(user: string, password: string): Promise<void> {
    server = await startServer({ dataDir });
    const client = await LineClient.login(server.port, user, password);
    clients.push(client);
  }

  it('adds a user with the given password, and lists it', async () => {
    const added = await parley('user', 'add', 'carol', '--password', 'long-enough');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/carol/);
    // The password was given, so it is not echoed back.
    expect(added.stdout).not.toMatch(/password/i);

    const listed = await parley('user', 'list');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout.split('\n')).toContainEqual(expect.stringMatching(/^carol\s+user\b/));

    await canLogIn('carol', 'long-enough');
  }, SLOW_TEST_MS);

  it('adds an admin with --admin', async () => {
    expect((await parley('user', 'add', 'root2', '--password', 'long-enough', '--admin')).code).toBe(0);

    const listed = await parley('user', 'list');
    expect(listed.stdout.split('\n')).toContainEqual(expect.stringMatching(/^root2\s+admin\b/));
  }, SLOW_TEST_MS);

  it('says so when there are no users yet', async () => {
    const listed = await parley('user', 'list');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout.trim()).not.toBe('');
  }, SLOW_TEST_MS);

  it('prints a generated password when none is given, and that password logs in', async () => {
    const added = await parley('user', 'add', 'dave');
    expect(added).toMatchObject({ code: 0, stderr: '' });

    const match = /password: (\S+)/i.exec(added.stdout);
    if (!match) throw new Error(`no generated password in ${JSON.stringify(added.stdout)}`);
    const password = match[1];
    expect(password.length).toBeGreaterThanOrEqual(12);

    await canLogIn('dave', password);
  }, SLOW_TEST_MS);

  it('refuses a name that is taken, whatever its case, with a clear line', async () => {
    expect((await parley('user', 'add', 'carol', '--password', 'long-enough')).code).toBe(0);

    for (const name of ['carol', 'CAROL']) {
      const duplicate = await parley('user', 'add', name, '--password', 'other-secret');
      expectCleanFailure(duplicate);
      expect(duplicate.stderr).toMatch(new RegExp(name, 'i'));
      expect(duplicate.stderr).toMatch(/the username \S+ is taken/i);
      expect(duplicate.stderr).not.toMatch(/username-taken/);
    }

    // The original account is untouched.
    await canLogIn('carol', 'long-enough');
  }, SLOW_TEST_MS);

  it('refuses an invalid name', async () => {
    for (const name of ['bad name!', 'x'.repeat(33), '']) {
      const result = await parley('user', 'add', name, '--password', 'long-enough');
      expectCleanFailure(result);
    }
    const listed = await parley('user', 'list');
    expect(listed.stdout).not.toMatch(/bad name|xxxxxxxx/);
  }, SLOW_TEST_MS);

  it('refuses a password shorter than accounts.min_password_length, naming the password and the minimum', async () => {
    const result = await parley('user', 'add', 'erin', '--password', '1234567');
    expectCleanFailure(result);
    expect(result.stderr).toMatch(/password must be at least 8 characters/);
    expect((await parley('user', 'list')).stdout).not.toMatch(/erin/);
    expect((await parley('user', 'add', 'erin', '--password', '12345678')).code).toBe(0);
  }, SLOW_TEST_MS);

  it('refuses an empty password', async () => {
    expectCleanFailure(await parley('user', 'add', 'erin', '--password', ''));
    expect((await parley('user', 'list')).stdout).not.toMatch(/erin/);
  }, SLOW_TEST_MS);
});
