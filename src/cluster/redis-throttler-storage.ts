import { ServiceUnavailableException } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import Redis from 'ioredis';
import { ClusterSettings, clusterKey } from './cluster-settings';

/**
 * One hit in a fixed window, atomically: KEYS[1] counts the window's hits, KEYS[2] marks a
 * block. ARGV: ttl ms, limit, block ms. Returns {hits, window ms left, blocked 0/1, block ms left}.
 */
const HIT_SCRIPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or ARGV[2]) + 1, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, left, 1, tonumber(ARGV[3])}
end
return {hits, left, 0, 0}
`;

/**
 * @nestjs/throttler's storage in Redis, so http.login_attempts_per_minute is one count for the
 * whole cluster. Keys: `NAME:http-throttle:THROTTLER:KEY` (and `...:blocked`). Times are
 * returned in whole seconds, as the memory storage returns them. Without Redis the request is
 * refused with 503 (fail closed: nobody gets attempts the cluster did not count).
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly settings: ClusterSettings,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const hitsKey = clusterKey(this.settings, 'http-throttle', throttlerName, key);
    const reply = (await this.redis
      .eval(HIT_SCRIPT, 2, hitsKey, `${hitsKey}:blocked`, ttl, limit, blockDuration)
      .catch(() => {
        throw new ServiceUnavailableException('the cluster is unavailable (Redis cannot be reached); try again later');
      })) as number[];
    const [totalHits, windowMs, blocked, blockMs] = reply.map(Number);
    return {
      totalHits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
