import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { CLUSTER_REDIS } from '../../cluster/cluster-redis';

/** A PING slower than this counts as Redis being down: /health answers probes quickly. */
export const REDIS_PING_TIMEOUT_MS = 1000;

/** /health's "redis" entry in cluster mode: up when the node's Redis connection answers PING in time. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(CLUSTER_REDIS) private readonly redis?: Redis | null,
  ) {}

  /** Whether this node is in cluster mode, i.e. has a Redis to report. */
  get enabled(): boolean {
    return Boolean(this.redis);
  }

  async pingCheck(key: 'redis'): Promise<HealthIndicatorResult> {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await this.redis!.ping();
      })
      .withTimeout(REDIS_PING_TIMEOUT_MS);
  }
}
