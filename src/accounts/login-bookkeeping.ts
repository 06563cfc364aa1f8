import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../common/group-commit';
import { UsersRepository, UserWrite } from './users.repository';

/**
 * The users-table writes of logins, batched: lockout resets (a right password lifts the
 * account's reservations) submitted while a batch of them is on the disk go together in the
 * next one, one statement and one commit; last-login marks likewise. Each caller's promise
 * settles after its batch has committed, so a login goes on only once its reset is durable,
 * and an attempt that starts after that is counted after the reset, never wiped by it.
 * Resets and marks have a writer each: a login's reset never waits for another login's mark
 * (which comes after that login has claimed its name).
 */
@Injectable()
export class LoginBookkeeping {
  private readonly resets = this.writer();
  private readonly marks = this.writer();

  constructor(private readonly users: UsersRepository) {}

  /** The right password: failure count and lock cleared. */
  clearAttempts(id: number): Promise<void> {
    return this.resets.submit({ id });
  }

  /** A login: failure counts reset, lock lifted, last login at `at`. */
  recordLogin(id: number, at: Date): Promise<void> {
    return this.marks.submit({ id, loginAt: at });
  }

  private writer(): GroupCommit<UserWrite> {
    return new GroupCommit<UserWrite>(async (writes) => {
      await this.users.recordLoginWrites(writes);
      return [];
    });
  }
}
