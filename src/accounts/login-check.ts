import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { addressLimitKey } from '../common/client-address';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { UserEntity } from '../database/entities';
import { LoginBookkeeping } from './login-bookkeeping';
import { LoginGuard } from './login-guard';
import { PasswordHasher } from './password-hasher';
import { isValidUsername } from './username';
import { AttemptReservation, UsersRepository } from './users.repository';

export type AuthResult =
  | { status: 'ok'; user: UserEntity }
  | { status: 'invalid' }
  /** Locked before this attempt (or by attempts still in flight); the password was not checked. */
  | { status: 'locked'; secondsRemaining: number }
  /** This failure reached the limit and locked the account. */
  | { status: 'locked-now'; secondsRemaining: number }
  /** Too many failures from this client address, whatever the account; nothing was checked. */
  | { status: 'throttled'; secondsRemaining: number };

/** How often a reservation is retried when the lock that refused it had ended by the time it was read. */
const RESERVE_TRIES = 5;

/**
 * One login attempt. Every limit is reserved before the (slow) password check and settled
 * after it: an attempt in flight counts as a failure, so however many arrive at once, at most
 * lockout.attempts passwords are checked per account per lock, and at most
 * login_throttle.max_failures per address per window. A success gives its reservations back.
 */
@Injectable()
export class LoginCheck {
  /** Verified against for unknown names, so they cost as much time as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly bookkeeping: LoginBookkeeping,
    private readonly hasher: PasswordHasher,
    private readonly guard: LoginGuard,
    private readonly clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  async check(name: string, password: string, address: string | undefined): Promise<AuthResult> {
    if (address === undefined) return this.checkAccount(name, password, undefined);
    const key = addressLimitKey(address);
    const throttledFor = await this.guard.reserveAddress(key);
    if (throttledFor > 0) return { status: 'throttled', secondsRemaining: throttledFor };
    // Only failed passwords count against the address; not a check the database failed.
    let failed = false;
    try {
      const result = await this.checkAccount(name, password, key);
      failed = result.status === 'invalid' || result.status === 'locked-now';
      return result;
    } finally {
      await this.guard.settleAddress(key, failed);
    }
  }

  private async checkAccount(name: string, password: string, key: string | undefined): Promise<AuthResult> {
    const user = isValidUsername(name) ? await this.users.findByName(name) : null;
    if (!user) {
      await this.hasher.verify(await this.getDummyHash(), password);
      return { status: 'invalid' };
    }
    const reservation = await this.reserve(user, key ?? '');
    if (typeof reservation === 'number') return { status: 'locked', secondsRemaining: reservation };

    if (await this.hasher.verify(user.passwordHash, password)) {
      await this.clear(user, key ?? '');
      return { status: 'ok', user };
    }
    await this.users.recordFailureSeen(user.id);
    // The lock this attempt set may have been lifted meanwhile by a success in flight alongside it.
    const lockedFor = reservation === 'locking' ? await this.lockedFor(user, key ?? '') : 0;
    return lockedFor > 0 ? { status: 'locked-now', secondsRemaining: lockedFor } : { status: 'invalid' };
  }

  /** Reserves the attempt for the account (or account and address); a number: the seconds it is locked. */
  private async reserve(user: UserEntity, address: string): Promise<AttemptReservation | number> {
    if (this.byAddress) {
      const reservation = await this.guard.reservePair(user.id, address);
      return typeof reservation === 'string' ? reservation : reservation.lockedFor;
    }
    const { attempts, seconds } = this.config.lockout;
    for (let tries = 0; tries < RESERVE_TRIES; tries++) {
      const now = this.clock.now();
      const lockUntil = new Date(now.getTime() + seconds * 1000);
      const reservation = await this.bookkeeping.reserveAttempt({ id: user.id, limit: attempts, now, lockUntil });
      if (reservation) return reservation;
      const lockedFor = secondsUntil((await this.users.findById(user.id))?.lockedUntil ?? null, now);
      if (lockedFor > 0) return lockedFor;
    }
    return seconds;
  }

  private async clear(user: UserEntity, address: string): Promise<void> {
    if (this.byAddress) await this.guard.clearPair(user.id, address);
    else await this.bookkeeping.clearAttempts(user.id);
  }

  private async lockedFor(user: UserEntity, address: string): Promise<number> {
    if (this.byAddress) return this.guard.pairLockedFor(user.id, address);
    return secondsUntil((await this.users.findById(user.id))?.lockedUntil ?? null, this.clock.now());
  }

  private get byAddress(): boolean {
    return this.config.lockout.scope === 'account+address';
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}

/** Whole seconds from `now` until `until`, rounded up; 0 when past or null. */
export function secondsUntil(until: Date | null, now: Date): number {
  if (!until) return 0;
  return Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
