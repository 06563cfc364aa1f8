export interface FloodLimits {
  /** Lines refilled per second. */
  perSecond: number;
  /** Bucket size: how many lines may arrive at once. */
  burst: number;
  /** Lines dropped within one minute that end the session. */
  disconnectAfterDrops: number;
}

/**
 * admit: handle the line. drop-and-warn: the first line of a flood; say so once.
 * drop: further lines of the same flood, dropped silently. disconnect: repeated abuse.
 */
export type FloodVerdict = 'admit' | 'drop-and-warn' | 'drop' | 'disconnect';

const DROP_WINDOW_MS = 60_000;

/** One clock for every guard (a default arrow would be a closure per connection). */
const monotonicNow = (): number => performance.now();

/** A per-connection token bucket over input lines, with a count of what it dropped. */
export class FloodGuard {
  private tokens: number;
  private refilledAt: number;
  private flooding = false;
  private drops = 0;
  private dropWindowStart = 0;

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = limits.burst;
    this.refilledAt = now();
  }

  /** `now`: the caller's reading of the guard's clock, when it has one already. */
  admit(now = this.now()): FloodVerdict {
    this.tokens = Math.min(this.limits.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limits.perSecond);
    this.refilledAt = now;
    // The epsilon keeps a client sending at exactly the rate from losing a line to rounding.
    if (this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      this.flooding = false;
      return 'admit';
    }
    if (now - this.dropWindowStart > DROP_WINDOW_MS) {
      this.dropWindowStart = now;
      this.drops = 0;
    }
    if (++this.drops >= this.limits.disconnectAfterDrops) return 'disconnect';
    if (this.flooding) return 'drop';
    this.flooding = true;
    return 'drop-and-warn';
  }
}
