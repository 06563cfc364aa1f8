import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../common/group-commit';
import { AttemptReservation, UsersRepository, UserWrite } from './users.repository';

/** An attempt to reserve: its account, the lockout limit, and when it came (for the lock it may set). */
export interface AttemptToReserve {
  id: number;
  limit: number;
  now: Date;
  lockUntil: Date;
}

/**
 * The users-table writes of logins, batched: lockout resets (a right password lifts the
 * account's reservations) submitted while a batch of them is on the disk go together in the
 * next one, one statement and one commit; last-login marks likewise, and the attempts reserved
 * before passwords are checked. Each caller's promise settles after its batch has committed,
 * so a login goes on only once its reset is durable, and an attempt that starts after that is
 * counted after the reset, never wiped by it. Each kind has its writer: a login's reset never
 * waits for another login's mark (which comes after that login has claimed its name).
 */
@Injectable()
export class LoginBookkeeping {
  private readonly resets = this.writer();
  private readonly marks = this.writer();
  private readonly reservations = new GroupCommit<AttemptToReserve, AttemptReservation | null>((attempts) => this.reserveAll(attempts));

  constructor(private readonly users: UsersRepository) {}

  /** The right password: failure count and lock cleared. */
  clearAttempts(id: number): Promise<void> {
    return this.resets.submit({ id });
  }

  /** A login: failure counts reset, lock lifted, last login at `at`. */
  recordLogin(id: number, at: Date): Promise<void> {
    return this.marks.submit({ id, loginAt: at });
  }

  /** One attempt reserved for the account, once committed (see UsersRepository.reserveAttempts); null: it is locked. */
  reserveAttempt(attempt: AttemptToReserve): Promise<AttemptReservation | null> {
    return this.reservations.submit(attempt);
  }

  private writer(): GroupCommit<UserWrite> {
    return new GroupCommit<UserWrite>(async (writes) => {
      await this.users.recordLoginWrites(writes);
      return [];
    });
  }

  /**
   * One statement per round; an account with several attempts in the batch has one in each
   * round, so each is counted. A round is judged at the latest time among its attempts.
   */
  private async reserveAll(attempts: AttemptToReserve[]): Promise<Array<AttemptReservation | null>> {
    const results = new Array<AttemptReservation | null>(attempts.length).fill(null);
    let pending = attempts.map((attempt, index) => ({ attempt, index }));
    while (pending.length > 0) {
      const ids = new Set<number>();
      const round: typeof pending = [];
      const later: typeof pending = [];
      for (const entry of pending) {
        (ids.has(entry.attempt.id) ? later : round).push(entry);
        ids.add(entry.attempt.id);
      }
      pending = later;
      const latest = round.reduce((a, b) => (b.attempt.now > a.attempt.now ? b : a)).attempt;
      const reserved = await this.users.reserveAttempts([...ids], latest.limit, latest.now, latest.lockUntil);
      for (const { attempt, index } of round) results[index] = reserved.get(attempt.id) ?? null;
    }
    return results;
  }
}
