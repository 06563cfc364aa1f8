import { DataSource } from 'typeorm';
import { LoginBookkeeping } from '../../src/accounts/login-bookkeeping';
import { UsersRepository, UserWrite } from '../../src/accounts/users.repository';
import { SqliteDialect } from '../../src/database/dialect';
import { UserEntity } from '../../src/database/entities';
import { Gate } from '../support/deferred-gate';
import { openMigratedSqlite } from '../support/migrated-sqlite';
import { makeDataDir, removeDataDir } from '../support/test-server';

describe('LoginBookkeeping (real SQLite, a gate in the writer)', () => {
  let dataDir: string;
  let dataSource: DataSource;
  let users: UsersRepository;
  let count = 0;

  beforeAll(async () => {
    dataDir = makeDataDir();
    dataSource = await openMigratedSqlite(dataDir);
    users = new UsersRepository(dataSource.getRepository(UserEntity), new SqliteDialect(dataSource));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await dataSource.destroy();
    removeDataDir(dataDir);
  });

  /** A user with 2 failed attempts, 3 failures since the last login and a lock. */
  async function failingUser(): Promise<number> {
    const user = await users.insert({ username: `user${++count}`, passwordHash: 'x', role: 'user' });
    await dataSource.query('UPDATE users SET failed_attempts = 2, failures_since_login = 3, locked_until = ? WHERE id = ?', [
      '2030-01-01 00:00:00.000',
      user.id,
    ]);
    return user.id;
  }

  /** The writer's batches, the first one held at a gate until the test opens it. */
  function gateFirstBatch(): { gate: Gate; batches: UserWrite[][] } {
    const write = users.recordLoginWrites.bind(users);
    const gate = new Gate();
    const batches: UserWrite[][] = [];
    jest.spyOn(users, 'recordLoginWrites').mockImplementation(async (writes) => {
      batches.push(writes);
      if (batches.length === 1) await gate.wait();
      return write(writes);
    });
    return { gate, batches };
  }

  it('resets submitted while a reset is on the disk go together in the next statement', async () => {
    const ids = [await failingUser(), await failingUser(), await failingUser()];
    const bookkeeping = new LoginBookkeeping(users);
    const { gate, batches } = gateFirstBatch();
    const first = bookkeeping.clearAttempts(ids[0]);
    await gate.reached;
    const queued = [bookkeeping.clearAttempts(ids[1]), bookkeeping.clearAttempts(ids[2])];
    gate.resolve();
    await Promise.all([first, ...queued]);

    expect(batches.map((batch) => batch.map((write) => write.id))).toEqual([[ids[0]], [ids[1], ids[2]]]);
    for (const id of ids) {
      expect(await users.findById(id)).toMatchObject({ failedAttempts: 0, lockedUntil: null, failuresSinceLogin: 3, lastLoginAt: null });
    }
  });

  it('settles a reset only once its batch is committed; a failure counted after it stays counted', async () => {
    const id = await failingUser();
    const bookkeeping = new LoginBookkeeping(users);
    const { gate } = gateFirstBatch();
    let settled = false;
    const reset = bookkeeping.clearAttempts(id).then(() => (settled = true));
    await gate.reached;
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    gate.resolve();
    await reset;

    const reserved = await users.reserveAttempts([id], 5, new Date('2026-03-01T12:00:00Z'), new Date('2026-03-01T12:05:00Z'));
    expect(reserved.get(id)).toBe('counted');
    expect(await users.findById(id)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
  });

  it('marks logins at their own times and does not wait for a reset on the disk', async () => {
    const [a, b] = [await failingUser(), await failingUser()];
    const bookkeeping = new LoginBookkeeping(users);
    const { gate } = gateFirstBatch();
    const reset = bookkeeping.clearAttempts(a);
    await gate.reached;
    const at = new Date('2026-03-01T12:00:00.000Z');
    await bookkeeping.recordLogin(b, at);
    gate.resolve();
    await reset;

    expect(await users.findById(b)).toMatchObject({ failedAttempts: 0, lockedUntil: null, failuresSinceLogin: 0, lastLoginAt: at });
    expect(await users.findById(a)).toMatchObject({ failedAttempts: 0, failuresSinceLogin: 3, lastLoginAt: null });
  });

  /** Reservations' statements, the first held at a gate until the test opens it. */
  function gateFirstReservation(): { gate: Gate; statements: number[][] } {
    const reserve = users.reserveAttempts.bind(users);
    const gate = new Gate();
    const statements: number[][] = [];
    jest.spyOn(users, 'reserveAttempts').mockImplementation(async (...args) => {
      statements.push(args[0]);
      if (statements.length === 1) await gate.wait();
      return reserve(...args);
    });
    return { gate, statements };
  }

  const attempt = (id: number) => ({ id, limit: 3, now: new Date('2026-03-01T12:00:00Z'), lockUntil: new Date('2026-03-01T12:01:00Z') });

  it('reserves attempts submitted while a reservation is on the disk together, and counts each attempt on one account', async () => {
    const newUser = async () => (await users.insert({ username: `fresh${++count}`, passwordHash: 'x', role: 'user' })).id;
    const [first, a, b] = [await newUser(), await newUser(), await newUser()];
    const bookkeeping = new LoginBookkeeping(users);
    const { gate, statements } = gateFirstReservation();
    const held = bookkeeping.reserveAttempt(attempt(first));
    await gate.reached;
    const queued = [a, b, a, a, a].map((id) => bookkeeping.reserveAttempt(attempt(id)));
    gate.resolve();

    expect(await held).toBe('counted');
    // a's third attempt reaches the limit and locks; its fourth finds the lock.
    expect(await Promise.all(queued)).toEqual(['counted', 'counted', 'counted', 'locking', null]);
    expect(statements).toEqual([[first], [a, b], [a], [a], [a]]);
    expect(await users.findById(a)).toMatchObject({ failedAttempts: 0, lockedUntil: new Date('2026-03-01T12:01:00Z') });
    expect(await users.findById(b)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
  });
});
