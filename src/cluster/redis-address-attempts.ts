import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { AddressAttempts, SettledFailures } from '../accounts/address-attempts';
import { ClusterSettings, clusterKey } from './cluster-settings';

/**
 * An attempt in flight is forgotten after this long even if its node never settles it (the
 * node died mid-check): a password check takes well under a second.
 */
export const FLIGHT_TTL_MS = 60_000;

/**
 * login_throttle's counts in Redis, so every node of the cluster sees the same numbers:
 * failures in a RateLimiterRedis (`NAME:login-failures:ADDRESS`) and the attempts in flight
 * in a sorted set per address (`NAME:login-inflight:ADDRESS`, member = attempt id, score =
 * when it is forgotten). Redis errors are not caught: the login is refused (fail closed).
 */
export class RedisAddressAttempts implements AddressAttempts {
  readonly shared = true;
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly redis: Redis,
    private readonly settings: ClusterSettings,
    points: number,
    windowSeconds: number,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: clusterKey(settings, 'login-failures'),
      points,
      duration: windowSeconds,
      rejectIfRedisNotReady: true,
    });
  }

  async failures(address: string): Promise<SettledFailures> {
    const res = await this.limiter.get(address);
    return { count: res?.consumedPoints ?? 0, msBeforeNext: res?.msBeforeNext ?? 0 };
  }

  async addFailure(address: string): Promise<void> {
    await this.limiter.penalty(address);
  }

  async enterFlight(address: string, attempt: string): Promise<number> {
    const key = this.flightKey(address);
    const now = Date.now();
    const replies = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now)
      .zadd(key, now + FLIGHT_TTL_MS, attempt)
      .zcard(key)
      .pexpire(key, FLIGHT_TTL_MS)
      .exec();
    const [error, count] = replies?.[2] ?? [new Error('Redis discarded the transaction'), 0];
    if (error) throw error;
    return Number(count);
  }

  async leaveFlight(address: string, attempt: string): Promise<void> {
    await this.redis.zrem(this.flightKey(address), attempt);
  }

  private flightKey(address: string): string {
    return clusterKey(this.settings, 'login-inflight', address);
  }
}
