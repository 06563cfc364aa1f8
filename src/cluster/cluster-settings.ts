import { isPostgresUrl, ParleyConfig } from '../config/config.schema';
import { ConfigError } from '../config/load-config';

/** What cluster mode needs from the configuration; null on a single server. */
export interface ClusterSettings {
  readonly redisUrl: string;
  /** Every Redis key and channel starts with `${name}:`. */
  readonly name: string;
  readonly sessionTtlMs: number;
}

/** Cluster mode is on when `cluster.redis_url` is set; it needs a shared PostgreSQL database. */
export function clusterSettings(config: ParleyConfig): ClusterSettings | null {
  const { redis_url: redisUrl, name, session_ttl_seconds: ttl } = config.cluster;
  if (redisUrl === '') return null;
  if (!isPostgresUrl(config.database.url)) {
    throw new ConfigError(
      'Invalid setting cluster.redis_url (PARLEY_CLUSTER_REDIS_URL): cluster mode needs a PostgreSQL database.url, one database for every node.',
    );
  }
  return { redisUrl, name, sessionTtlMs: ttl * 1000 };
}

/** A Redis key or channel name under the cluster's prefix. */
export function clusterKey(settings: ClusterSettings, ...parts: string[]): string {
  return [settings.name, ...parts].join(':');
}
