import { Logger, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { ClusterSettings, clusterSettings } from './cluster-settings';

/** Injection token: the cluster settings, or null on a single server. */
export const CLUSTER_SETTINGS = Symbol('CLUSTER_SETTINGS');
/** Injection token: the node's command connection to Redis, or null on a single server. */
export const CLUSTER_REDIS = Symbol('CLUSTER_REDIS');

export const clusterSettingsProvider: Provider = {
  provide: CLUSTER_SETTINGS,
  inject: [PARLEY_CONFIG],
  useFactory: (config: ParleyConfig): ClusterSettings | null => clusterSettings(config),
};

/**
 * One ioredis connection for commands (claims, throttles). It reconnects by itself; while it is
 * down, commands fail at once instead of queueing, and a Redis that accepts a command but never
 * answers fails it after a second, so callers can tell "the cluster is unavailable" from "slow".
 * ioredis is loaded only in cluster mode.
 */
export const clusterRedisProvider: Provider = {
  provide: CLUSTER_REDIS,
  inject: [CLUSTER_SETTINGS],
  useFactory: async (settings: ClusterSettings | null): Promise<Redis | null> => {
    if (!settings) return null;
    const { Redis: RedisClient } = await import('ioredis');
    const logger = new Logger('Redis');
    const redis = new RedisClient(settings.redisUrl, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 1000),
    });
    let down = false;
    redis.on('error', (error: Error) => {
      if (!down) logger.warn(`Redis unreachable: ${error.message}`);
      down = true;
    });
    redis.on('ready', () => {
      if (down) logger.log('Redis reachable again');
      down = false;
    });
    return redis;
  },
};
