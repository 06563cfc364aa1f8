import { PasswordHasher } from '../../src/accounts/password-hasher';
import { PrivateRedis } from './private-redis';
import { makeDataDir, removeDataDir, startServer, TestServer } from './test-server';

export interface ClusterPair {
  redis: PrivateRedis;
  a: TestServer;
  b: TestServer;
  /** Stops both nodes and the Redis, and drops the database. */
  stop(): Promise<void>;
}

/**
 * Two nodes of one cluster in this process: one PostgreSQL database (the data dir's), one
 * private redis-server, the same cluster.name. Started one after the other, so the migrations
 * run once.
 */
export async function startClusterPair(
  options: { settings?: Record<string, unknown>; hashers?: [PasswordHasher, PasswordHasher] } = {},
): Promise<ClusterPair> {
  const redis = await PrivateRedis.start();
  const dataDir = makeDataDir();
  const settings = { 'cluster.redis_url': redis.url, 'cluster.name': 'ops-test', ...options.settings };
  const a = await startServer({ dataDir, settings, hasher: options.hashers?.[0] });
  const b = await startServer({ dataDir, settings, hasher: options.hashers?.[1] });
  return {
    redis,
    a,
    b,
    async stop() {
      await Promise.allSettled([a.stop(), b.stop()]);
      await redis.stop();
      removeDataDir(dataDir);
    },
  };
}
