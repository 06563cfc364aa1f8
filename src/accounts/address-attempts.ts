import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Injection token: where the per-address login counts live (this process, or Redis in cluster mode). */
export const ADDRESS_ATTEMPTS = Symbol('ADDRESS_ATTEMPTS');

/** The failures settled in an address's login_throttle window. */
export interface SettledFailures {
  count: number;
  /** Milliseconds until the window ends (0 when there is none). */
  msBeforeNext: number;
}

/**
 * The two counts behind login_throttle, per address key: failed logins in the window, and
 * attempts whose password is being checked right now. LoginGuard holds the rules; this only
 * counts, so one node or a whole cluster can keep the numbers.
 */
export interface AddressAttempts {
  failures(address: string): Promise<SettledFailures>;
  addFailure(address: string): Promise<void>;
  /** Counts one more attempt in flight; resolves with the number in flight, this one included. */
  enterFlight(address: string, attempt: string): Promise<number>;
  leaveFlight(address: string, attempt: string): Promise<void>;
  /** True when other processes move the counts too, so a waiting attempt must look again now and then. */
  readonly shared: boolean;
}

/** The single-server counts: a rate-limiter-flexible memory store and a map. */
export class MemoryAddressAttempts implements AddressAttempts {
  readonly shared = false;
  private readonly limiter: RateLimiterMemory;
  private readonly inFlight = new Map<string, number>();

  constructor(points: number, windowSeconds: number) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'login-failures', points, duration: windowSeconds });
  }

  async failures(address: string): Promise<SettledFailures> {
    const res = await this.limiter.get(address);
    return { count: res?.consumedPoints ?? 0, msBeforeNext: res?.msBeforeNext ?? 0 };
  }

  async addFailure(address: string): Promise<void> {
    await this.limiter.penalty(address);
  }

  async enterFlight(address: string): Promise<number> {
    const count = (this.inFlight.get(address) ?? 0) + 1;
    this.inFlight.set(address, count);
    return count;
  }

  async leaveFlight(address: string): Promise<void> {
    const left = (this.inFlight.get(address) ?? 1) - 1;
    if (left > 0) this.inFlight.set(address, left);
    else this.inFlight.delete(address);
  }
}
