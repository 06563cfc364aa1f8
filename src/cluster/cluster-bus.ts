import { ClientRedis, ServerRedis } from '@nestjs/microservices';
import { ClusterSettings } from './cluster-settings';

/**
 * The Redis transport's server for channels named by plain strings. Its router first tries
 * JSON.parse on the channel (for object patterns); on the bus's `<name>:to:<node>` that throws
 * a SyntaxError for every message received, a cost profiles showed at 7 % of a node's CPU.
 */
export class BusServer extends ServerRedis {
  protected override getRouteFromPattern(pattern: string): string {
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : pattern;
  }
}

export interface ClusterBus {
  server: ServerRedis;
  client: ClientRedis;
}

/**
 * The bus's two ends on @nestjs/microservices' Redis transport. This module is imported only in
 * cluster mode (cluster-transport.ts): a single server does not load the package (about 5 MiB
 * of RSS at rest).
 */
export function createBus(settings: ClusterSettings): ClusterBus {
  const options = { ...redisOptions(settings.redisUrl), retryAttempts: Number.MAX_SAFE_INTEGER, retryDelay: 500 };
  return {
    server: new BusServer(options),
    client: new ClientRedis({ ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
  };
}

function redisOptions(url: string): { host: string; port: number; password?: string; username?: string; db?: number } {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
  };
}
