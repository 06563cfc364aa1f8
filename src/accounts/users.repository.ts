import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { Dialect, SqlParams } from '../database/dialect';
import { Role, UserEntity } from '../database/entities';
import { EntityRows } from '../database/entity-rows';
import { usernameKey } from './username';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

/** How a reserved login attempt counts: one more failure, or the failure that locks the account. */
export type AttemptReservation = 'counted' | 'locking';

/** A user id with a time (a login, a logout). */
export interface UserTime {
  id: number;
  at: Date;
}

/** A login's write to its user's row: the lockout reset, and with `loginAt` the login itself. */
export interface UserWrite {
  id: number;
  loginAt?: Date;
}

/** The latest time for each user among `times`. */
function latestPerUser(times: UserTime[]): UserTime[] {
  const latest = new Map<number, UserTime>();
  for (const time of times) {
    const seen = latest.get(time.id);
    if (!seen || seen.at < time.at) latest.set(time.id, time);
  }
  return [...latest.values()];
}

/** `UPDATE users SET column = CASE id WHEN .. THEN .. END, ... WHERE id IN (..)`: each user its own time. */
function updateTimesById(params: SqlParams, column: string, times: UserTime[], alsoSet = ''): string {
  const cases = times.map(({ id, at }) => `WHEN ${params.add(id, 'integer')} THEN ${params.add(at, 'timestamp')}`);
  const ids = times.map(({ id }) => params.add(id, 'integer'));
  return `UPDATE users SET ${column} = CASE id ${cases.join(' ')} END${alsoSet} WHERE id IN (${ids.join(', ')})`;
}

/** The row is not an admin, or another admin remains. */
const NOT_LAST_ADMIN = "(role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)";

/** Every query on the users table. */
@Injectable()
export class UsersRepository {
  private readonly rows: EntityRows<UserEntity>;
  /** Every login reads its account by name: fixed texts, kept prepared on SQLite. */
  private readonly byKeySql: string;
  private readonly byIdSql: string;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dialect: Dialect,
  ) {
    this.rows = new EntityRows(users.manager.connection, UserEntity);
    this.byKeySql = `SELECT ${this.rows.columns} FROM users WHERE username_key = ${dialect.params().add('', 'text')}`;
    this.byIdSql = `SELECT ${this.rows.columns} FROM users WHERE id = ${dialect.params().add(0, 'integer')}`;
  }

  findByName(name: string): Promise<UserEntity | null> {
    return this.one(this.byKeySql, usernameKey(name));
  }

  /** The accounts among `names` (any case), in one query. */
  findByNames(names: string[]): Promise<UserEntity[]> {
    return this.users.findBy({ usernameKey: In(names.map(usernameKey)) });
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.one(this.byIdSql, id);
  }

  private async one(sql: string, value: unknown): Promise<UserEntity | null> {
    const [row] = await this.dialect.rows<Record<string, unknown>>(sql, [value]);
    return row ? this.rows.hydrate(row) : null;
  }

  countAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin' });
  }

  hasAdmin(): Promise<boolean> {
    return this.users.existsBy({ role: 'admin' });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { usernameKey: 'ASC' } });
  }

  /** A page of users whose name contains `text` (any case), by name. */
  search(text: string, limit: number, offset: number): Promise<[UserEntity[], number]> {
    const query = this.users.createQueryBuilder('user').orderBy('user.username_key', 'ASC').take(limit).skip(offset);
    if (text) query.where("user.username_key LIKE :pattern ESCAPE '\\'", { pattern: `%${escapeLike(text.toLowerCase())}%` });
    return query.getManyAndCount();
  }

  lockedAfter(now: Date): Promise<UserEntity[]> {
    return this.users.find({ where: { lockedUntil: MoreThan(now) }, order: { lockedUntil: 'ASC' } });
  }

  countLockedAfter(now: Date): Promise<number> {
    return this.users.countBy({ lockedUntil: MoreThan(now) });
  }

  async update(id: number, changes: Partial<Pick<UserEntity, 'passwordHash'>>): Promise<void> {
    await this.users.update(id, changes);
  }

  /**
   * Removes the account unless it is the last admin (false then); its blocks, stored messages,
   * sessions and tokens go with it (ON DELETE CASCADE). Check and delete are one statement, so
   * two at once cannot both pass the check on SQLite (statements run one at a time); on
   * PostgreSQL, where a READ COMMITTED subquery alone would not serialise them, the statement
   * runs in a transaction that first locks every admin row.
   */
  deleteUnlessLastAdmin(id: number): Promise<boolean> {
    return this.dialect.atomically(async (manager) => {
      const result = await manager.createQueryBuilder().delete().from(UserEntity).where(`id = :id AND ${NOT_LAST_ADMIN}`, { id }).execute();
      return (result.affected ?? 0) > 0;
    }, { role: 'admin' });
  }

  /** Sets the role, unless that demotes the last admin (false then); one statement, as deleteUnlessLastAdmin. */
  setRoleUnlessLastAdmin(id: number, role: Role): Promise<boolean> {
    return this.dialect.atomically(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ role })
        .where(role === 'admin' ? 'id = :id' : `id = :id AND ${NOT_LAST_ADMIN}`, { id })
        .execute();
      return (result.affected ?? 0) > 0;
    }, { role: 'admin' });
  }

  /**
   * One INSERT, no explicit transaction: SQLite work shares a single connection, so a
   * BEGIN here would sweep other sessions' concurrent statements into this transaction.
   */
  insert(user: NewUser): Promise<UserEntity> {
    const entity = this.users.create({ ...user, usernameKey: usernameKey(user.username) });
    return this.users.save(entity, { transaction: false });
  }

  /**
   * Reserves one login attempt for each of `ids` (distinct) before its password is checked, in
   * one conditional UPDATE (atomic on SQLite and PostgreSQL alike, so every process sharing
   * the database counts the same attempts). The attempt counts as a failure until it
   * succeeds: the one that reaches `limit` locks the account at once (and restarts the count,
   * so the lock's end brings a fresh set), and while the lock lasts nothing is reserved.
   * Resolves once committed, with the reservation of each id that got one (none: locked).
   */
  async reserveAttempts(ids: number[], limit: number, now: Date, lockUntil: Date): Promise<Map<number, AttemptReservation>> {
    const params = this.dialect.params();
    // A function: SQLite's placeholders are positional, one value each.
    const reaches = () => `failed_attempts + 1 >= ${params.add(limit, 'integer')}`;
    const rows = await this.dialect.rows<{ id: number; failed_attempts: number }>(
      `UPDATE users SET failed_attempts = CASE WHEN ${reaches()} THEN 0 ELSE failed_attempts + 1 END,
        locked_until = CASE WHEN ${reaches()} THEN ${params.add(lockUntil, 'timestamp')} ELSE locked_until END
      WHERE ${this.dialect.inIds(params, 'id', ids)} AND (locked_until IS NULL OR locked_until <= ${params.add(now, 'timestamp')})
      RETURNING id, failed_attempts`,
      params.values,
    );
    // Counted leaves at least 1; the locking attempt restarted the count at 0.
    return new Map(rows.map((row) => [Number(row.id), Number(row.failed_attempts) === 0 ? 'locking' : 'counted']));
  }

  /** A failed password, for the "failed attempts since your last login" notice; lockout counts are reserved apart. */
  async recordFailureSeen(id: number): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ failuresSinceLogin: () => 'failures_since_login + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Resets failure counts and locks of every user in `writes`, and marks the logins among them
   * (each user its latest time; failures since the last login restart), in one statement.
   */
  async recordLoginWrites(writes: UserWrite[]): Promise<void> {
    const params = this.dialect.params();
    const logins = latestPerUser(writes.flatMap(({ id, loginAt }) => (loginAt ? [{ id, at: loginAt }] : [])));
    let set = 'failed_attempts = 0, locked_until = NULL';
    if (logins.length > 0) {
      const cases = logins.map(({ id, at }) => `WHEN ${params.add(id, 'integer')} THEN ${params.add(at, 'timestamp')}`);
      const loginIds = logins.map(({ id }) => params.add(id, 'integer'));
      set += `, last_login_at = CASE id ${cases.join(' ')} ELSE last_login_at END`;
      set += `, failures_since_login = CASE WHEN id IN (${loginIds.join(', ')}) THEN 0 ELSE failures_since_login END`;
    }
    const ids = [...new Set(writes.map(({ id }) => id))].map((id) => params.add(id, 'integer'));
    await this.users.query(`UPDATE users SET ${set} WHERE id IN (${ids.join(', ')})`, params.values);
  }

  /** Marks when sessions ended, each at its own time, in one statement. */
  async recordLogouts(logouts: UserTime[]): Promise<void> {
    const params = this.dialect.params();
    await this.users.query(updateTimesById(params, 'last_seen_at', latestPerUser(logouts)), params.values);
  }

  /** Marks users as seen now (the presence heartbeat of online users). */
  async touchLastSeen(ids: number[], at: Date): Promise<void> {
    for (let start = 0; start < ids.length; start += 500) {
      await this.users.update({ id: In(ids.slice(start, start + 500)) }, { lastSeenAt: at });
    }
  }

  async unlock(id: number): Promise<void> {
    await this.users.update(id, { failedAttempts: 0, lockedUntil: null });
  }

  /** Users whose last session ended at or after `since`. */
  seenSince(since: Date): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('user')
      .where('user.last_seen_at >= :since', { since: this.dialect.date(since) })
      .getMany();
  }
}

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
