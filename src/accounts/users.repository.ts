import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { toDbDate } from '../common/db-dates';
import { Role, UserEntity } from '../database/entities';
import { usernameKey } from './username';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

/** Every query on the users table. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByName(name: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey: usernameKey(name) });
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

  async update(id: number, changes: Partial<Pick<UserEntity, 'passwordHash' | 'role'>>): Promise<void> {
    await this.users.update(id, changes);
  }

  /** Removes the account; its blocks, stored messages, sessions and tokens go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    await this.users.delete(id);
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
  async recordFailure(id: number, limit: number, lockUntil: Date): Promise<UserEntity | null> {
    await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({
        failuresSinceLogin: () => 'failures_since_login + 1',
        failedAttempts: () => 'CASE WHEN failed_attempts + 1 >= :limit THEN 0 ELSE failed_attempts + 1 END',
        lockedUntil: () => 'CASE WHEN failed_attempts + 1 >= :limit THEN :lockUntil ELSE locked_until END',
      })
      .where('id = :id', { id, limit, lockUntil: toDbDate(lockUntil) })
      .execute();
    return this.findById(id);
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

  async recordLogin(id: number, at: Date): Promise<void> {
    await this.users.update(id, { lastLoginAt: at, failedAttempts: 0, failuresSinceLogin: 0, lockedUntil: null });
  }

  async recordLogout(id: number, at: Date): Promise<void> {
    await this.users.update(id, { lastSeenAt: at });
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
      .where('user.last_seen_at >= :since', { since: toDbDate(since) })
      .getMany();
  }
}

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
