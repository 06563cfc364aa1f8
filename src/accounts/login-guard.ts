import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { ADDRESS_ATTEMPTS, AddressAttempts, MemoryAddressAttempts } from './address-attempts';
import { MemoryPairLocks, PAIR_LOCKS, PairLocks, PairReservation } from './pair-locks';

export type { PairReservation } from './pair-locks';

/** While an attempt waits on attempts in flight on other nodes, it looks at the counts again this often. */
const SHARED_POLL_MS = 50;

/**
 * Login abuse rules about where attempts come from, keyed by addressLimitKey: failed logins
 * per client address across all accounts (login_throttle, counted in AddressAttempts), and with
 * lockout.scope "account+address" the lockout per (account, address) pair (PairLocks). Both
 * keep their counts in this process's memory, or in Redis in cluster mode so the limits are
 * the same cluster-wide numbers. Both reserve an attempt before its password is checked, so
 * attempts in flight count.
 */
@Injectable()
export class LoginGuard {
  /** The ids this process entered in flight per address, for settleAddress to take back. */
  private readonly ownFlights = new Map<string, string[]>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Bumped by every settle, so a reservation can tell that the counts moved while it read them. */
  private settledCount = 0;
  private readonly attempts: AddressAttempts;
  private readonly pairs: PairLocks;

  constructor(
    clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    @Optional() @Inject(ADDRESS_ATTEMPTS) attempts?: AddressAttempts | null,
    @Optional() @Inject(PAIR_LOCKS) pairs?: PairLocks | null,
  ) {
    const { max_failures: points, window_seconds: duration } = config.login_throttle;
    this.attempts = attempts ?? new MemoryAddressAttempts(points, duration);
    this.pairs = pairs ?? new MemoryPairLocks(clock, config.lockout.attempts, config.lockout.seconds);
  }

  /**
   * Takes one of `address`'s failures before the password is checked; 0 once taken, otherwise
   * the seconds until the address may try again. The attempt enters the in-flight count first,
   * then reads the settled failures, so of two racing attempts (on any nodes) the later one
   * sees both. When only attempts in flight stand in the way, this waits for them to settle
   * (a right password frees its place), so parallel logins from one address queue.
   */
  async reserveAddress(address: string): Promise<number> {
    const max = this.config.login_throttle.max_failures;
    for (;;) {
      const seen = this.settledCount;
      const attempt = randomUUID();
      const inFlight = await this.attempts.enterFlight(address, attempt);
      const failures = await this.attempts.failures(address).catch(async (error: unknown) => {
        await this.attempts.leaveFlight(address, attempt).catch(() => undefined);
        throw error;
      });
      if (failures.count < max && failures.count + inFlight <= max) {
        this.own(address).push(attempt);
        return 0;
      }
      await this.attempts.leaveFlight(address, attempt);
      if (failures.count >= max) return Math.max(1, Math.ceil(failures.msBeforeNext / 1000));
      // Something settled while the counts were read: read again.
      if (seen !== this.settledCount) continue;
      await this.nextSettle(address);
    }
  }

  /** The attempt reserved from `address` is over; a failed password is counted, and waiting attempts try again. */
  async settleAddress(address: string, failed: boolean): Promise<void> {
    const attempt = this.own(address).pop();
    if (this.ownFlights.get(address)?.length === 0) this.ownFlights.delete(address);
    try {
      if (failed) await this.attempts.addFailure(address);
    } finally {
      try {
        if (attempt) await this.attempts.leaveFlight(address, attempt);
      } finally {
        this.settledCount++;
        const waiters = this.waiters.get(address) ?? [];
        this.waiters.delete(address);
        for (const wake of waiters) wake();
      }
    }
  }

  /** Resolves at the next settle of `address` here, or, when the counts are shared, after SHARED_POLL_MS at most. */
  private nextSettle(address: string): Promise<void> {
    return new Promise<void>((wake) => {
      const list = this.waiters.get(address) ?? [];
      this.waiters.set(address, list);
      list.push(wake);
      if (!this.attempts.shared) return;
      setTimeout(() => {
        const index = list.indexOf(wake);
        if (index >= 0) list.splice(index, 1);
        if (list.length === 0 && this.waiters.get(address) === list) this.waiters.delete(address);
        wake();
      }, SHARED_POLL_MS).unref();
    });
  }

  private own(address: string): string[] {
    let list = this.ownFlights.get(address);
    if (!list) this.ownFlights.set(address, (list = []));
    return list;
  }

  /** lockout.scope account+address: reserves an attempt for the pair, or says how long it is locked. */
  reservePair(userId: number, address: string): Promise<PairReservation> {
    return this.pairs.reserve(userId, address);
  }

  /** Seconds this pair stays locked; 0 when it is not. */
  pairLockedFor(userId: number, address: string): Promise<number> {
    return this.pairs.lockedFor(userId, address);
  }

  /** A successful login resets its own pair: reservations and any lock they set. */
  clearPair(userId: number, address: string): Promise<void> {
    return this.pairs.clear(userId, address);
  }

  /** An admin unlocked the account: lift its locks for every address. */
  clearPairLocks(userId: number): Promise<void> {
    return this.pairs.clearUser(userId);
  }
}
