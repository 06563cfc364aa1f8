import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { Dialect, SqlParams } from '../database/dialect';
import { Role, UserEntity } from '../database/entities';
import { usernameKey } from './username';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

/** A user id with a time (a login, a logout). */
export interface UserTime {
  id: number;
  at: Date;
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

/** Every query on the users table. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dialect: Dialect,
  ) {}

  findByName(name: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey: usernameKey(name) });
  }

  /** The accounts among `names` (any case), in one query. */
  findByNames(names: string[]): Promise<UserEntity[]> {
    return this.users.findBy({ usernameKey: In(names.map(usernameKey)) });
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
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
   * Sets the role, unless that takes the admin role from the last admin: false then. The
   * check and the change are one statement, in a transaction holding every admin row on
   * PostgreSQL, so two admins demoting each other at once cannot leave none.
   */
  setRoleKeepingAnAdmin(id: number, role: Role): Promise<boolean> {
    return this.dialect.atomically(async (manager) => {
      const query = manager.createQueryBuilder().update(UserEntity).set({ role }).where('id = :id', { id });
      if (role !== 'admin') query.andWhere(KEEPS_AN_ADMIN);
      return ((await query.execute()).affected ?? 0) > 0;
    }, { role: 'admin' });
  }

  /**
   * Removes the account unless it is the last admin (false then), as setRoleKeepingAnAdmin.
   * Its blocks, stored messages, sessions and tokens go with it (ON DELETE CASCADE).
   */
  deleteKeepingAnAdmin(id: number): Promise<boolean> {
    return this.dialect.atomically(async (manager) => {
      const query = manager.createQueryBuilder().delete().from(UserEntity).where('id = :id', { id }).andWhere(KEEPS_AN_ADMIN);
      return ((await query.execute()).affected ?? 0) > 0;
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
   * Counts one failed login in a single statement, so concurrent attempts on one account
   * cannot lose an increment. The attempt that reaches the limit sets the lock and restarts
   * the count, giving the account a fresh set of attempts once the lock expires.
   */
  recordFailure(id: number, limit: number, lockUntil: Date): Promise<UserEntity | null> {
    // On PostgreSQL the row read back is the one this UPDATE wrote (the transaction holds its lock).
    return this.dialect.atomically(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({
          failuresSinceLogin: () => 'failures_since_login + 1',
          failedAttempts: () => 'CASE WHEN failed_attempts + 1 >= :limit THEN 0 ELSE failed_attempts + 1 END',
          lockedUntil: () => 'CASE WHEN failed_attempts + 1 >= :limit THEN :lockUntil ELSE locked_until END',
        })
        .where('id = :id', { id, limit, lockUntil: this.dialect.date(lockUntil) })
        .execute();
      return manager.findOneBy(UserEntity, { id });
    });
  }

  /** lockout.scope account+address: counts the failure for the login notice only; locks live in LoginGuard. */
  async recordFailureWithoutLock(id: number): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ failuresSinceLogin: () => 'failures_since_login + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /** Marks logins, each at its own time, in one statement: failure counts reset, lock lifted. */
  async recordLogins(logins: UserTime[]): Promise<void> {
    const params = this.dialect.params();
    const reset = ', failed_attempts = 0, failures_since_login = 0, locked_until = NULL';
    await this.users.query(updateTimesById(params, 'last_login_at', latestPerUser(logins), reset), params.values);
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

/** The row is not an admin, or another admin remains. */
const KEEPS_AN_ADMIN = "(role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)";

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
