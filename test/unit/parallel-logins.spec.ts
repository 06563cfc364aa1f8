import { DataSource } from 'typeorm';
import { LoginBookkeeping } from '../../src/accounts/login-bookkeeping';
import { AuthResult, LoginCheck } from '../../src/accounts/login-check';
import { LoginGuard } from '../../src/accounts/login-guard';
import { UsersRepository } from '../../src/accounts/users.repository';
import { loadConfig } from '../../src/config/load-config';
import { UserEntity } from '../../src/database/entities';
import { SqliteDialect } from '../../src/database/dialect';
import { FakeClock } from '../support/fake-clock';
import { GatedHasher, settledCount, until } from '../support/gated-hasher';
import { openMigratedSqlite } from '../support/migrated-sqlite';
import { makeDataDir, removeDataDir } from '../support/test-server';

describe('parallel login attempts (gated hasher, real SQLite)', () => {
  const clock = new FakeClock(new Date('2026-03-01T12:00:00.000Z'));
  let dataDir: string;
  let dataSource: DataSource;
  let users: UsersRepository;
  let hasher: GatedHasher;
  let count = 0;

  function loginCheck(settings: Record<string, unknown> = {}): LoginCheck {
    const config = loadConfig({ env: {}, overrides: { 'data.dir': dataDir, ...settings } });
    return new LoginCheck(users, new LoginBookkeeping(users), hasher, new LoginGuard(clock, config), clock, config);
  }

  async function newUser(): Promise<string> {
    const name = `victim${++count}`;
    await users.insert({ username: name, passwordHash: await hasher.hash('right'), role: 'user' });
    return name;
  }

  /** Opens the gates as verifies arrive until every attempt has its answer. */
  async function answers(attempts: Array<Promise<AuthResult>>): Promise<AuthResult[]> {
    let pending = attempts.length;
    for (const attempt of attempts) void attempt.finally(() => pending--);
    await until(() => {
      hasher.openAll();
      return pending === 0;
    });
    return Promise.all(attempts);
  }

  /** `wrong` guesses start together, each from its own address; the right password comes while they are checked. */
  async function attack(check: LoginCheck, name: string, wrong: number, address = (i: number) => `10.0.0.${i}`) {
    const guesses = Array.from({ length: wrong }, (_, i) => check.check(name, `guess${i}`, address(i)));
    // Every guess is answered or held in its verify; only then does the right password come.
    const answered = settledCount(guesses);
    await until(() => hasher.waiting + answered() === wrong);
    const right = check.check(name, 'right', address(wrong));
    const rightAnswered = settledCount([right]);
    await until(() => rightAnswered() === 1 || hasher.waiting + answered() === wrong + 1);
    const [rightAnswer, ...guessAnswers] = await answers([right, ...guesses]);
    return { guesses: guessAnswers, right: rightAnswer };
  }

  beforeAll(async () => {
    dataDir = makeDataDir();
    dataSource = await openMigratedSqlite(dataDir);
    users = new UsersRepository(dataSource.getRepository(UserEntity), new SqliteDialect(dataSource));
  });

  afterAll(async () => {
    await dataSource.destroy();
    removeDataDir(dataDir);
  });

  beforeEach(() => {
    hasher = new GatedHasher();
  });

  afterEach(() => hasher.openAll());

  it('checks at most lockout.attempts passwords while 30 are in flight, and answers the right one locked', async () => {
    const name = await newUser();
    const { guesses, right } = await attack(loginCheck({ 'login_throttle.max_failures': 100 }), name, 30);

    expect(hasher.verified).toHaveLength(3);
    expect(hasher.verified).not.toContain('right');
    expect(right).toEqual({ status: 'locked', secondsRemaining: 60 });
    expect(guesses.filter((result) => result.status === 'invalid')).toHaveLength(2);
    expect(guesses.filter((result) => result.status === 'locked-now')).toHaveLength(1);
    expect(guesses.filter((result) => result.status === 'locked')).toHaveLength(27);
    const stored = (await users.findByName(name))!;
    expect(stored.lockedUntil?.toISOString()).toBe('2026-03-01T12:01:00.000Z');
    expect(stored.failuresSinceLogin).toBe(3);
  });

  it('does the same per account and address with lockout.scope account+address', async () => {
    const name = await newUser();
    const check = loginCheck({ 'lockout.scope': 'account+address', 'login_throttle.max_failures': 100 });
    const { guesses, right } = await attack(check, name, 30, () => '10.9.9.9');

    expect(hasher.verified).toHaveLength(3);
    expect(right).toEqual({ status: 'locked', secondsRemaining: 60 });
    expect(guesses.filter((result) => result.status === 'locked')).toHaveLength(27);
    // Another address still has its own attempts.
    const elsewhere = check.check(name, 'right', '10.1.1.1');
    await until(() => hasher.waiting === 1);
    hasher.openAll();
    expect(await elsewhere).toMatchObject({ status: 'ok' });
  });

  it('checks at most login_throttle.max_failures passwords from one address; the rest queue, then are refused', async () => {
    const check = loginCheck({ 'login_throttle.max_failures': 4 });
    const names = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const attempts = names.map((name) => check.check(name, 'guess', '10.7.7.7'));
    await until(() => hasher.waiting >= 4);
    // The other four wait for those four to settle; they are refused, never verified.
    const results = await answers(attempts);
    expect(hasher.verified).toHaveLength(4);
    expect(results.filter((result) => result.status === 'invalid')).toHaveLength(4);
    expect(results.filter((result) => result.status === 'throttled')).toHaveLength(4);
  });

  it('lets parallel right passwords from one address through: they queue behind the ones in flight', async () => {
    const check = loginCheck({ 'login_throttle.max_failures': 2 });
    const names = await Promise.all(Array.from({ length: 5 }, () => newUser()));
    const attempts = names.map((name) => check.check(name, 'right', '10.8.8.8'));
    for (let opened = 0; opened < 5; ) {
      await until(() => hasher.waiting > 0);
      opened += hasher.waiting;
      hasher.openAll();
    }
    const results = await Promise.all(attempts);
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('gives a right password in flight alongside two wrong ones the login, and lifts the lock they reserved', async () => {
    const name = await newUser();
    const check = loginCheck();
    const attempts = [check.check(name, 'right', '10.6.6.1'), check.check(name, 'a', '10.6.6.2'), check.check(name, 'b', '10.6.6.3')];
    await until(() => hasher.waiting === 3);
    hasher.openAll();
    const [right] = await Promise.all(attempts);
    expect(right).toMatchObject({ status: 'ok' });
    expect((await users.findByName(name))!.lockedUntil).toBeNull();
  });
});
