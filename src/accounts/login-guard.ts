import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';

/** Entries kept per map; past this the oldest go, so a flood of addresses cannot grow memory. */
const MAX_ENTRIES = 50_000;

interface PairLock {
  failures: number;
  lockedUntil: number;
}

/**
 * Login abuse rules that are about where attempts come from, held in memory: failed logins
 * per client address across all accounts (login_throttle), and, with lockout.scope
 * "account+address", the lockout per (account, address) pair.
 */
@Injectable()
export class LoginGuard {
  private readonly failuresByAddress = new Map<string, number[]>();
  private readonly pairLocks = new Map<string, PairLock>();

  constructor(
    private readonly clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Seconds until `address` may try again; 0 if it is not throttled. */
  throttledFor(address: string): number {
    const { max_failures: max, window_seconds: window } = this.config.login_throttle;
    const recent = this.recentFailures(address);
    if (recent.length < max) return 0;
    return this.secondsUntil(recent[recent.length - max] + window * 1000);
  }

  /** A failed login from `address`, whichever account it was for. */
  recordAddressFailure(address: string): void {
    const recent = this.recentFailures(address);
    recent.push(this.now());
    // Only the newest max_failures matter for the decision.
    if (recent.length > this.config.login_throttle.max_failures) recent.shift();
    this.failuresByAddress.delete(address);
    this.failuresByAddress.set(address, recent);
    evictOldest(this.failuresByAddress);
  }

  /** lockout.scope account+address: seconds this account stays locked for this address. */
  pairLockedFor(userId: number, address: string): number {
    const lock = this.pairLocks.get(pairKey(userId, address));
    return lock ? this.secondsUntil(lock.lockedUntil) : 0;
  }

  /** Counts a failure for the pair; returns the seconds of the lock it caused, or 0. */
  recordPairFailure(userId: number, address: string): number {
    const { attempts, seconds } = this.config.lockout;
    const key = pairKey(userId, address);
    const lock = this.pairLocks.get(key) ?? { failures: 0, lockedUntil: 0 };
    lock.failures++;
    if (lock.failures >= attempts) {
      lock.failures = 0;
      lock.lockedUntil = this.now() + seconds * 1000;
    }
    this.pairLocks.delete(key);
    this.pairLocks.set(key, lock);
    evictOldest(this.pairLocks);
    return this.pairLockedFor(userId, address);
  }

  /** A successful login resets its own pair's count. */
  recordPairSuccess(userId: number, address: string): void {
    this.pairLocks.delete(pairKey(userId, address));
  }

  /** An admin unlocked the account: lift its locks for every address. */
  clearPairLocks(userId: number): void {
    for (const key of this.pairLocks.keys()) if (key.startsWith(`${userId} `)) this.pairLocks.delete(key);
  }

  private recentFailures(address: string): number[] {
    const since = this.now() - this.config.login_throttle.window_seconds * 1000;
    return (this.failuresByAddress.get(address) ?? []).filter((at) => at > since);
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
