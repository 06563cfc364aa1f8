import { Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { ADDRESS_ATTEMPTS, AddressAttempts, MemoryAddressAttempts } from '../accounts/address-attempts';
import { MemoryPairLocks, PAIR_LOCKS, PairLocks } from '../accounts/pair-locks';
import { Clock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { CLUSTER_REDIS, CLUSTER_SETTINGS } from './cluster-redis';
import { ClusterSettings } from './cluster-settings';
import { RedisAddressAttempts } from './redis-address-attempts';
import { RedisPairLocks } from './redis-pair-locks';

/** login_throttle's counts: in Redis in cluster mode, in memory otherwise (and in the CLI tools, which have no ClusterModule). */
export const addressAttemptsProvider: Provider = {
  provide: ADDRESS_ATTEMPTS,
  inject: [PARLEY_CONFIG, { token: CLUSTER_SETTINGS, optional: true }, { token: CLUSTER_REDIS, optional: true }],
  useFactory: (config: ParleyConfig, settings?: ClusterSettings | null, redis?: Redis | null): AddressAttempts => {
    const { max_failures: points, window_seconds: seconds } = config.login_throttle;
    if (settings && redis) return new RedisAddressAttempts(redis, settings, points, seconds);
    return new MemoryAddressAttempts(points, seconds);
  },
};

/** lockout.scope account+address: the pair locks in Redis in cluster mode, in memory otherwise. */
export const pairLocksProvider: Provider = {
  provide: PAIR_LOCKS,
  inject: [PARLEY_CONFIG, Clock, { token: CLUSTER_SETTINGS, optional: true }, { token: CLUSTER_REDIS, optional: true }],
  useFactory: (config: ParleyConfig, clock: Clock, settings?: ClusterSettings | null, redis?: Redis | null): PairLocks => {
    const { attempts, seconds } = config.lockout;
    if (settings && redis) return new RedisPairLocks(redis, settings, attempts, seconds);
    return new MemoryPairLocks(clock, attempts, seconds);
  },
};
