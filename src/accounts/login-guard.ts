import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
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

/**
 * Login abuse rules about where attempts come from, held in this process's memory, keyed by
 * addressLimitKey: failed logins per client address across all accounts (login_throttle, a
 * rate-limiter-flexible memory store; a Redis or PostgreSQL store gives the cluster one count),
 * and with lockout.scope "account+address" the lockout per (account, address) pair. Both
 * reserve an attempt before its password is checked, so attempts in flight count.
 */
@Injectable()
export class LoginGuard {
  private readonly throttle: RateLimiterMemory;
  private readonly pairLocks = new Map<string, PairLock>();
  /** Attempts per address whose password is being checked right now (this process only). */
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Bumped by every settle, so a reservation can tell that the counts moved while it read them. */
  private settledCount = 0;

  constructor(
    private readonly clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {
    const { max_failures: points, window_seconds: duration } = config.login_throttle;
    this.throttle = new RateLimiterMemory({ keyPrefix: 'login-failures', points, duration });
  }

  /**
   * Takes one of `address`'s failures before the password is checked; 0 once taken, otherwise
   * the seconds until the address may try again. The limiter holds the settled failures; the
   * attempts in flight are counted here. When only those stand in the way, this waits for them
   * to settle (a right password frees its place), so parallel logins from one address queue.
   */
  async reserveAddress(address: string): Promise<number> {
    const max = this.config.login_throttle.max_failures;
    for (;;) {
      const seen = this.settledCount;
      const settled = await this.throttle.get(address);
      // Something settled while the limiter was read: read again.
      if (seen !== this.settledCount) continue;
      const failures = settled?.consumedPoints ?? 0;
      if (failures >= max) return Math.max(1, Math.ceil(settled!.msBeforeNext / 1000));
      const inFlight = this.inFlight.get(address) ?? 0;
      if (failures + inFlight < max) {
        this.inFlight.set(address, inFlight + 1);
        return 0;
      }
      await new Promise<void>((wake) => this.waiting(address).push(wake));
    }
  }

  /** The attempt reserved from `address` is over; a failed password is counted, and waiting attempts try again. */
  async settleAddress(address: string, failed: boolean): Promise<void> {
    if (failed) await this.throttle.penalty(address);
    this.settledCount++;
    const left = (this.inFlight.get(address) ?? 1) - 1;
    if (left > 0) this.inFlight.set(address, left);
    else this.inFlight.delete(address);
    const waiters = this.waiters.get(address) ?? [];
    this.waiters.delete(address);
    for (const wake of waiters) wake();
  }

  private waiting(address: string): Array<() => void> {
    let list = this.waiters.get(address);
    if (!list) this.waiters.set(address, (list = []));
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
