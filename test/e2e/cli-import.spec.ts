import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineClient } from '../support/line-client';
import { killAllParleys, parleyEnv, runParley, RunResult, useScratchDir } from '../support/spawn-parley';
import { ADMIN_PASSWORD, makeDataDir, removeDataDir, startServer, TestServer } from '../support/test-server';
import { databaseContents } from '../support/test-database';

const PASSWORDS = { alice: 'pw-alice-Q7x2', bob: 'pw-bob-R8y3', carol: 'pw-carol-S9z4' };
const DUPLICATE_PASSWORD = 'pw-alice-second-T1w5';

const USERS = [
  '# seed users: USERNAME PASSWORD',
  `alice ${PASSWORDS.alice}`,
  '',
  `bob   ${PASSWORDS.bob}`,
  `carol\t${PASSWORDS.carol}`,
  `alice ${DUPLICATE_PASSWORD}`,
].join('\n') + '\n';

const BLOCKS = [
  '# USERNAME BLOCKED1 [BLOCKED2 ...]',
  'carol bob',
  'alice mallory',
].join('\n') + '\n';

const MESSAGES = [
  '# RECIPIENT SENDER TEXT...',
  'alice bob see you  at noon',
  'nobody bob is anyone there?',
  '',
  'alice carol same words twice',
  'alice carol same words twice',
].join('\n') + '\n';

/** Splits the import report into one block per file: its summary line and its skipped lines. */
function reportFor(stdout: string, file: string): { summary: string; skipped: string[] } {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${file}: `));
  if (start < 0) throw new Error(`no report for ${file} in ${JSON.stringify(stdout)}`);
  const skipped: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    skipped.push(line.trim());
  }
  return { summary: lines[start].slice(file.length + 2), skipped };
}

describe('parley import', () => {
  let root: string;
  let dataDir: string;
  let files: { users: string; blocks: string; messages: string };
  let first: RunResult;
  let second: RunResult;

  function runImport(): Promise<RunResult> {
    return runParley(
      ['import', '--users', files.users, '--blocks', files.blocks, '--messages', files.messages],
      parleyEnv(dataDir),
    );
  }

  beforeAll(async () => {
    root = makeDataDir();
    dataDir = join(root, 'data');
    files = {
      users: join(root, 'users.txt'),
      blocks: join(root, 'blocked_user.txt'),
      messages: join(root, 'stored_message.txt'),
    };
    writeFileSync(files.users, USERS);
    writeFileSync(files.blocks, BLOCKS);
    writeFileSync(files.messages, MESSAGES);

    first = await runImport();
    second = await runImport();
  }, 60_000);

  afterAll(async () => {
    await killAllParleys();
    removeDataDir(root);
  });

  it('reports what it added and what it skipped, and why, per file', () => {
    expect(first).toMatchObject({ code: 0, stderr: '' });

    expect(reportFor(first.stdout, files.users)).toEqual({
      summary: 'added 3, skipped 1',
      skipped: [expect.stringMatching(/^line 6: skipped: .*alice.*(exists|duplicate|taken)/)],
    });
    expect(reportFor(first.stdout, files.blocks)).toEqual({
      summary: 'added 1, skipped 1',
      skipped: [expect.stringMatching(/^line 3: skipped: .*unknown user mallory/)],
    });
    expect(reportFor(first.stdout, files.messages)).toEqual({
      summary: 'added 3, skipped 1',
      skipped: [expect.stringMatching(/^line 3: skipped: .*unknown recipient nobody/)],
    });
  });

  it('adds nothing when run a second time', () => {
    expect(second).toMatchObject({ code: 0, stderr: '' });

    expect(reportFor(second.stdout, files.users).summary).toBe('added 0, skipped 4');
    expect(reportFor(second.stdout, files.blocks).summary).toBe('added 0, skipped 2');
    expect(reportFor(second.stdout, files.messages).summary).toBe('added 0, skipped 4');
    // The line that was skipped the first time is still skipped for the same reason.
    expect(reportFor(second.stdout, files.messages).skipped).toContainEqual(
      expect.stringMatching(/^line 3: skipped: .*unknown recipient nobody/),
    );
  });

  it('never writes a plain password to the database', () => {
    const plain = [...Object.values(PASSWORDS), DUPLICATE_PASSWORD];
    const contents = databaseContents(dataDir);
    expect(contents.length).toBeGreaterThan(0);
    expect(contents[0].includes('alice')).toBe(true);

    contents.forEach((bytes, file) => {
      for (const password of plain) {
        expect({ file, password, found: bytes.includes(password) }).toEqual({ file, password, found: false });
      }
    });
  });

  describe('served from the same data directory', () => {
    let server: TestServer;
    const clients: LineClient[] = [];

    beforeAll(async () => {
      server = await startServer({ dataDir });
    });

    afterEach(() => {
      for (const client of clients.splice(0)) client.close();
    });

    afterAll(async () => {
      await server?.stop();
    });

    async function login(user: keyof typeof PASSWORDS): Promise<LineClient> {
      const client = await LineClient.login(server.port, user, PASSWORDS[user]);
      clients.push(client);
      return client;
    }

    it('keeps the first password of a user listed twice', async () => {
      const client = await LineClient.connect(server.port);
      clients.push(client);
      client.send('alice');
      client.send(DUPLICATE_PASSWORD);
      await client.expectLine(/Invalid username or password/, 10_000);
    });

    it('lets imported users log in and hands alice her stored messages, oldest first, copies included', async () => {
      const alice = await login('alice');

      // (A notice of the failed attempt above may come first.)
      await alice.expectLine(/^You have 3 stored messages:$/, 10_000);
      const stored = /^(\S+) \(stored \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): (.*)$/;
      const delivered: string[] = [];
      for (let i = 0; i < 3; i++) {
        const line = await alice.nextLine(10_000);
        const match = stored.exec(line);
        if (!match) throw new Error(`not a stored-message line: ${JSON.stringify(line)}`);
        delivered.push(`${match[1]}: ${match[2]}`);
      }
      expect(delivered).toEqual([
        'bob: see you  at noon',
        'carol: same words twice',
        'carol: same words twice',
      ]);

      // Handed over once: the next login finds nothing waiting.
      alice.send('logout');
      await alice.expectClosed(10_000);
      const again = await login('alice');
      await again.expectNoLine(/stored messages?:/, 500);
      again.send('logout');
      await again.expectClosed(10_000);
    });

    it('enforces imported blocks: carol does not get bob\'s broadcast or private message', async () => {
      const carol = await login('carol');
      const admin = await LineClient.login(server.port, 'admin', ADMIN_PASSWORD);
      clients.push(admin);
      const bob = await login('bob');

      bob.send('broadcast hello everyone');
      await admin.expectLine(/^bob \(broadcast\): hello everyone$/, 10_000);
      await bob.expectLine(/could not be delivered to some recipients/, 10_000);

      bob.send('message carol psst');
      await bob.expectLine(/blocked/, 10_000);

      // Nothing of bob's reaches carol: not his presence, broadcast or message.
      await carol.expectNoLine(/bob/, 500);
    });
  });
});

describe('parley import, when it cannot', () => {
  const root = useScratchDir();

  it('refuses to run without any file, non-zero and in one line', async () => {
    const result = await runParley(['import'], parleyEnv(join(root(), 'data')));

    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--users|--blocks|--messages/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('names a seed file that does not exist, imports nothing, and shows no stack trace', async () => {
    const missing = join(root(), 'no-such-blocks.txt');
    const users = join(root(), 'only-users.txt');
    writeFileSync(users, 'zoe zoe-pw\n');
    const env = parleyEnv(join(root(), 'data'));
    const result = await runParley(['import', '--users', users, '--blocks', missing], env);

    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toContain(missing);
    expect(result.stderr).not.toContain('    at ');
    expect((await runParley(['user', 'list'], env)).stdout).not.toMatch(/zoe/);
  });

  it('keeps a legacy password shorter than the minimum as it is, and reports it as a warning', async () => {
    const users = join(root(), 'legacy-users.txt');
    writeFileSync(users, 'dan 1\nemma long-enough-password\n');
    const env = parleyEnv(join(root(), 'data'));
    const result = await runParley(['import', '--users', users], env);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(reportFor(result.stdout, users)).toEqual({
      summary: 'added 2, skipped 0',
      skipped: ['line 1: warning: the password of dan is shorter than accounts.min_password_length; imported as it is'],
    });
    const server = await startServer({ dataDir: join(root(), 'data') });
    try {
      (await LineClient.login(server.port, 'dan', '1')).close();
    } finally {
      await server.stop();
    }
  });
});
