import Redis from 'ioredis';
import { PairLocks, PairReservation } from '../accounts/pair-locks';
import { ClusterSettings, clusterKey } from './cluster-settings';

/** Reservations of a pair that neither succeeds nor locks are forgotten after this long idle. */
const RESERVED_TTL_MS = 24 * 3_600_000;

/**
 * One reservation, atomically. KEYS: the pair's lock, its reservation count, the account's set
 * of addresses. ARGV: lockout.attempts, lockout.seconds in ms, the address, RESERVED_TTL_MS.
 * Returns {-1, ms locked} | {0} counted | {1} locking.
 */
const RESERVE_SCRIPT = `
local locked = redis.call('PTTL', KEYS[1])
if locked > 0 then return {-1, locked} end
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
local reserved = redis.call('INCR', KEYS[2])
if reserved >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
  return {1}
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return {0}
`;

/** Every pair of one account: KEYS[1] its set of addresses, ARGV[1] the key prefix of its pairs. */
const CLEAR_USER_SCRIPT = `
for _, address in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('DEL', ARGV[1] .. 'locked:' .. address, ARGV[1] .. 'reserved:' .. address)
end
redis.call('DEL', KEYS[1])
return 0
`;

/**
 * lockout.scope "account+address" in Redis, so a pair locked through one node is locked on all:
 * `NAME:pair:UID:locked:ADDRESS` (expires with the lock), `NAME:pair:UID:reserved:ADDRESS`,
 * and `NAME:pair:UID:addresses` for an admin's unlock. Lock times are Redis's. Redis errors are
 * not caught: the login is refused (fail closed).
 */
export class RedisPairLocks implements PairLocks {
  constructor(
    private readonly redis: Redis,
    private readonly settings: ClusterSettings,
    private readonly attempts: number,
    private readonly seconds: number,
  ) {}

  async reserve(userId: number, address: string): Promise<PairReservation> {
    const keys = [this.key(userId, 'locked', address), this.key(userId, 'reserved', address), this.addressesKey(userId)];
    const args = [this.attempts, this.seconds * 1000, address, RESERVED_TTL_MS];
    const [outcome, lockedMs] = (await this.redis.eval(RESERVE_SCRIPT, 3, ...keys, ...args)) as number[];
    if (outcome === -1) return { lockedFor: Math.max(1, Math.ceil(lockedMs / 1000)) };
    return outcome === 1 ? 'locking' : 'counted';
  }

  async lockedFor(userId: number, address: string): Promise<number> {
    const ms = await this.redis.pttl(this.key(userId, 'locked', address));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async clear(userId: number, address: string): Promise<void> {
    await this.redis.del(this.key(userId, 'locked', address), this.key(userId, 'reserved', address));
  }

  async clearUser(userId: number): Promise<void> {
    await this.redis.eval(CLEAR_USER_SCRIPT, 1, this.addressesKey(userId), `${clusterKey(this.settings, 'pair', String(userId))}:`);
  }

  private key(userId: number, kind: 'locked' | 'reserved', address: string): string {
    return clusterKey(this.settings, 'pair', String(userId), kind, address);
  }

  private addressesKey(userId: number): string {
    return clusterKey(this.settings, 'pair', String(userId), 'addresses');
  }
}
