import { Clock } from '../common/clock';
import { AttemptReservation } from './users.repository';

/** Injection token: where lockout.scope "account+address" keeps its counts (this process, or Redis in cluster mode). */
export const PAIR_LOCKS = Symbol('PAIR_LOCKS');

/** A pair's reservation, or the seconds its lock has left. */
export type PairReservation = AttemptReservation | { lockedFor: number };

/** The lockout per (account, client address): attempts reserved since the last success, and the lock they set. */
export interface PairLocks {
  /** Reserves an attempt; the lockout.attempts-th locks the pair for lockout.seconds. */
  reserve(userId: number, address: string): Promise<PairReservation>;
  /** Seconds the pair stays locked; 0 when it is not. */
  lockedFor(userId: number, address: string): Promise<number>;
  /** Forgets the pair's reservations and lock. */
  clear(userId: number, address: string): Promise<void>;
  /** Forgets every pair of the account. */
  clearUser(userId: number): Promise<void>;
}

/** Entries kept; past this the oldest go, so a flood of addresses cannot grow memory. */
const MAX_ENTRIES = 50_000;

interface PairLock {
  /** Attempts reserved since the last success or lock: failures and attempts still in flight. */
  reserved: number;
  lockedUntil: number;
}

/** The single-server pair locks, in a map, timed by the injected clock. */
export class MemoryPairLocks implements PairLocks {
  private readonly locks = new Map<string, PairLock>();

  constructor(
    private readonly clock: Clock,
    private readonly attempts: number,
    private readonly seconds: number,
  ) {}

  async reserve(userId: number, address: string): Promise<PairReservation> {
    const key = pairKey(userId, address);
    const lock = this.locks.get(key) ?? { reserved: 0, lockedUntil: 0 };
    const lockedFor = this.secondsUntil(lock.lockedUntil);
    if (lockedFor > 0) return { lockedFor };
    lock.reserved++;
    const locking = lock.reserved >= this.attempts;
    if (locking) {
      lock.reserved = 0;
      lock.lockedUntil = this.clock.now().getTime() + this.seconds * 1000;
    }
    this.locks.delete(key);
    this.locks.set(key, lock);
    if (this.locks.size > MAX_ENTRIES) this.locks.delete(this.locks.keys().next().value!);
    return locking ? 'locking' : 'counted';
  }

  async lockedFor(userId: number, address: string): Promise<number> {
    const lock = this.locks.get(pairKey(userId, address));
    return lock ? this.secondsUntil(lock.lockedUntil) : 0;
  }

  async clear(userId: number, address: string): Promise<void> {
    this.locks.delete(pairKey(userId, address));
  }

  async clearUser(userId: number): Promise<void> {
    for (const key of this.locks.keys()) if (key.startsWith(`${userId} `)) this.locks.delete(key);
  }

  private secondsUntil(at: number): number {
    return Math.max(0, Math.ceil((at - this.clock.now().getTime()) / 1000));
  }
}

function pairKey(userId: number, address: string): string {
  return `${userId} ${address}`;
}
