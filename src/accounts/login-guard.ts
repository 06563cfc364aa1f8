import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ADDRESS_ATTEMPTS, AddressAttempts, MemoryAddressAttempts } from './address-attempts';
import { Clock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { AttemptReservation } from './users.repository';

/** Entries kept per map; past this the oldest go, so a flood of addresses cannot grow memory. */
const MAX_ENTRIES = 50_000;

interface PairLock {
  /** Attempts reserved since the last success or lock: failures and attempts still in flight. */
  reserved: number;
  lockedUntil: number;
}

/** A pair's reservation, or the seconds its lock has left. */
export type PairReservation = AttemptReservation | { lockedFor: number };

/** While an attempt waits on attempts in flight on other nodes, it looks at the counts again this often. */
const SHARED_POLL_MS = 50;

/**
 * Login abuse rules about where attempts come from, keyed by addressLimitKey: failed logins
 * per client address across all accounts (login_throttle; the counts are in AddressAttempts:
 * this process's memory, or Redis in cluster mode so the limit is one cluster-wide number),
 * and with lockout.scope "account+address" the lockout per (account, address) pair, in this
 * process's memory. Both reserve an attempt before its password is checked, so attempts in
 * flight count.
 */
@Injectable()
export class LoginGuard {
  private readonly pairLocks = new Map<string, PairLock>();
  /** The ids this process entered in flight per address, for settleAddress to take back. */
  private readonly ownFlights = new Map<string, string[]>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Bumped by every settle, so a reservation can tell that the counts moved while it read them. */
  private settledCount = 0;
  private readonly attempts: AddressAttempts;

  constructor(
    private readonly clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    @Optional() @Inject(ADDRESS_ATTEMPTS) attempts?: AddressAttempts | null,
  ) {
    const { max_failures: points, window_seconds: duration } = config.login_throttle;
    this.attempts = attempts ?? new MemoryAddressAttempts(points, duration);
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
  reservePair(userId: number, address: string): PairReservation {
    const key = pairKey(userId, address);
    const lock = this.pairLocks.get(key) ?? { reserved: 0, lockedUntil: 0 };
    const lockedFor = this.secondsUntil(lock.lockedUntil);
    if (lockedFor > 0) return { lockedFor };
    const { attempts, seconds } = this.config.lockout;
    lock.reserved++;
    const locking = lock.reserved >= attempts;
    if (locking) {
      lock.reserved = 0;
      lock.lockedUntil = this.now() + seconds * 1000;
    }
    this.pairLocks.delete(key);
    this.pairLocks.set(key, lock);
    evictOldest(this.pairLocks);
    return locking ? 'locking' : 'counted';
  }

  /** Seconds this pair stays locked; 0 when it is not. */
  pairLockedFor(userId: number, address: string): number {
    const lock = this.pairLocks.get(pairKey(userId, address));
    return lock ? this.secondsUntil(lock.lockedUntil) : 0;
  }

  /** A successful login resets its own pair: reservations and any lock they set. */
  clearPair(userId: number, address: string): void {
    this.pairLocks.delete(pairKey(userId, address));
  }

  /** An admin unlocked the account: lift its locks for every address. */
  clearPairLocks(userId: number): void {
    for (const key of this.pairLocks.keys()) if (key.startsWith(`${userId} `)) this.pairLocks.delete(key);
  }

  private secondsUntil(at: number): number {
    return Math.max(0, Math.ceil((at - this.now()) / 1000));
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function pairKey(userId: number, address: string): string {
  return `${userId} ${address}`;
}

function evictOldest<V>(map: Map<string, V>): void {
  if (map.size <= MAX_ENTRIES) return;
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}
