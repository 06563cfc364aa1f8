import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineClient } from '../support/line-client';
import { failLineLogins, lineLoginReply } from '../support/line-logins';
import { killAllParleys, parleyEnv, runParley, RunResult } from '../support/spawn-parley';
import { databaseUrlFor, dropTestDatabases, TestDriver } from '../support/test-database';
import { addUsers, makeDataDir, passwordOf, removeDataDir, startServer } from '../support/test-server';

/**
 * `parley export` and `parley import --from` between the two databases. These tests choose
 * each database explicitly, whichever the jest project runs the rest on.
 */
describe('parley export and import --from', () => {
  let scratch: string;
  const dirOf = (name: string) => join(scratch, name);
  const envFor = (name: string, driver: TestDriver) =>
    parleyEnv(dirOf(name), { PARLEY_DATABASE_URL: databaseUrlFor(dirOf(name), driver) });
  const parley = (name: string, driver: TestDriver, ...args: string[]) => runParley(args, envFor(name, driver));

  beforeEach(() => {
    scratch = makeDataDir();
  });

  afterEach(async () => {
    await killAllParleys();
    removeDataDir(scratch);
    dropTestDatabases(scratch);
  });

  /** A server with accounts, a login, a lock, a block and stored messages, on `driver`. */
  async function populate(name: string, driver: TestDriver): Promise<void> {
    const server = await startServer({ dataDir: dirOf(name), settings: { 'database.url': databaseUrlFor(dirOf(name), driver) } });
    try {
      await addUsers(server, 'alice', 'Bob', 'carol', 'frank');
      const alice = await LineClient.login(server.port, 'alice', passwordOf('alice'));
      alice.send('block bob');
      await alice.expectLine(/is blocked/);
      alice.send('logout');
      await alice.expectClosed();
      const carol = await LineClient.login(server.port, 'carol', passwordOf('carol'));
      for (const text of ['first', 'héllo ✓ "quoted" \\ back', 'first']) {
        carol.send(`message bob ${text}`);
        await carol.expectLine(/offline.*stored/);
      }
      carol.close();
      expect(await failLineLogins(server.port, 'frank', 3)).toMatch(/locked/);
    } finally {
      await server.stop();
    }
  }

  function records(file: string): string[] {
    const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(header)).toMatchObject({ format: 'parley-export', version: 1 });
    return lines;
  }

  function expectAdded(result: RunResult, users: number, blocks: number, messages: number): void {
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`users: added ${users},`);
    expect(result.stdout).toContain(`blocks: added ${blocks},`);
    expect(result.stdout).toContain(`messages: added ${messages},`);
  }

  it('moves a populated SQLite server to PostgreSQL and back, losslessly and idempotently', async () => {
    await populate('sqlite', 'sqlite');
    const first = join(scratch, 'first.jsonl');
    const exported = await parley('sqlite', 'sqlite', 'export', '--to', first);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toBe(`Exported 5 users, 1 blocks and 3 stored messages to ${first}.\n`);
    expect(statSync(first).mode & 0o777).toBe(0o600);
    const original = records(first);
    expect(original).toHaveLength(9); // admin (the first start made it), 4 users, a block, 3 messages
    const text = readFileSync(first, 'utf8');
    for (const name of ['alice', 'bob', 'carol', 'frank']) expect(text).not.toContain(passwordOf(name));
    const users = original.map((line) => JSON.parse(line)).filter((record) => record.type === 'user');
    expect(users.map((user) => user.passwordHash)).toEqual(users.map(() => expect.stringMatching(/^\$argon2id\$/)));
    expect(users.find((user) => user.username === 'alice').lastLoginAt).not.toBeNull();
    expect(users.find((user) => user.username === 'frank').lockedUntil).not.toBeNull();

    expectAdded(await parley('pg', 'postgres', 'import', '--from', first), 5, 1, 3);
    expectAdded(await parley('pg', 'postgres', 'import', '--from', first), 0, 0, 0);
    const fromPostgres = await parley('pg', 'postgres', 'export');
    expect(fromPostgres.code).toBe(0);
    writeFileSync(join(scratch, 'second.jsonl'), fromPostgres.stdout);
    expect(records(join(scratch, 'second.jsonl'))).toEqual(original);

    expectAdded(await parley('back', 'sqlite', 'import', '--from', join(scratch, 'second.jsonl')), 5, 1, 3);
    const third = join(scratch, 'third.jsonl');
    expect((await parley('back', 'sqlite', 'export', '--to', third)).code).toBe(0);
    expect(records(third)).toEqual(original);
  }, 120_000);

  it('moves a populated PostgreSQL server to SQLite, and the moved server behaves as the old one', async () => {
    await populate('pg', 'postgres');
    const file = join(scratch, 'pg.jsonl');
    expect((await parley('pg', 'postgres', 'export', '--to', file)).code).toBe(0);
    expectAdded(await parley('sqlite', 'sqlite', 'import', '--from', file), 5, 1, 3);

    const server = await startServer({ dataDir: dirOf('sqlite'), settings: { 'database.url': '' } });
    try {
      const bob = await LineClient.login(server.port, 'bob', passwordOf('bob'));
      await bob.expectLine(/^You have 3 stored messages:$/);
      expect(await bob.nextLine()).toMatch(/^carol \(stored .*\): first$/);
      expect(await bob.nextLine()).toMatch(/^carol \(stored .*\): héllo ✓ "quoted" \\ back$/);
      expect(await bob.nextLine()).toMatch(/^carol \(stored .*\): first$/);
      bob.send('message alice hi');
      await bob.expectLine(/blocked/);
      bob.close();
      expect(await lineLoginReply(server.port, 'frank', passwordOf('frank'))).toMatch(/locked/);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('refuses an unknown version or a damaged record with one line, importing nothing', async () => {
    const newer = join(scratch, 'newer.jsonl');
    writeFileSync(newer, JSON.stringify({ format: 'parley-export', version: 2, exportedAt: new Date().toISOString() }) + '\n');
    const refused = await parley('sqlite', 'sqlite', 'import', '--from', newer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`parley: ${newer} is a version 2 export; this Parley reads version 1; nothing was imported.\n`);

    const damaged = join(scratch, 'damaged.jsonl');
    const good = { type: 'block', blocker: 'a', blocked: 'b', createdAt: new Date().toISOString() };
    const plain = {
      type: 'user', username: 'zoe', passwordHash: 'zoe-secret', role: 'user', createdAt: new Date().toISOString(),
      lastLoginAt: null, lastSeenAt: null, failedAttempts: 0, failuresSinceLogin: 0, lockedUntil: null,
    };
    writeFileSync(damaged, [
      JSON.stringify({ format: 'parley-export', version: 1, exportedAt: new Date().toISOString() }),
      JSON.stringify({ ...plain, username: 'yves', passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$x$y' }),
      JSON.stringify(good),
      JSON.stringify(plain),
    ].join('\n') + '\n');
    const rejected = await parley('sqlite', 'sqlite', 'import', '--from', damaged);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe(`parley: ${damaged} line 4: field passwordHash must be an argon2 hash; nothing was imported.\n`);
    expect((await parley('sqlite', 'sqlite', 'user', 'list')).stdout).toBe('(no users)\n');
  }, 60_000);
});
