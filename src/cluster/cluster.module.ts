import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { NodeIdentity } from './node-identity';
import { CLUSTER_REDIS, CLUSTER_SETTINGS, clusterRedisProvider, clusterSettingsProvider } from './cluster-redis';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(CLUSTER_REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

/** Cluster mode's shared pieces: the node's id, the settings and the Redis connection (the last two null on a single server). */
@Global()
@Module({
  providers: [clusterSettingsProvider, clusterRedisProvider, RedisCloser, NodeIdentity],
  exports: [CLUSTER_SETTINGS, CLUSTER_REDIS, NodeIdentity],
})
export class ClusterModule {}
