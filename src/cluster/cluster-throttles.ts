import { Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { ADDRESS_ATTEMPTS, AddressAttempts, MemoryAddressAttempts } from '../accounts/address-attempts';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { CLUSTER_REDIS, CLUSTER_SETTINGS } from './cluster-redis';
import { ClusterSettings } from './cluster-settings';
import { RedisAddressAttempts } from './redis-address-attempts';

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
