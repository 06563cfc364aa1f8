import { Provider } from '@nestjs/common';
import type { ClientRedis, ServerRedis } from '@nestjs/microservices';
import type { ClusterBus } from './cluster-bus';
import { CLUSTER_SETTINGS } from './cluster-redis';
import { ClusterSettings } from './cluster-settings';

export type BusHandler = (data: unknown) => void;

/**
 * The cluster bus on @nestjs/microservices' Redis transport: `server` subscribes to the
 * channels that have handlers (added by channel name, computed from cluster.name at start)
 * and `client` publishes with ClientProxy.emit. Both are null on a single server.
 */
export class ClusterTransport {
  readonly server: ServerRedis | null;
  private readonly client: ClientRedis | null;

  constructor(bus: ClusterBus | null) {
    this.server = bus?.server ?? null;
    this.client = bus?.client ?? null;
  }

  /** Registers the handler of one channel; call before listen(). */
  on(channel: string, handler: BusHandler): void {
    this.server?.addHandler(channel, async (data: unknown) => handler(data), true);
  }

  /** Publishes; resolves once Redis took it, rejects when Redis cannot be reached. */
  emit(channel: string, data: unknown): Promise<void> {
    if (!this.client) return Promise.resolve();
    const client = this.client;
    return new Promise((resolve, reject) => {
      client.emit(channel, data).subscribe({ complete: () => resolve(), error: (error: unknown) => reject(asError(error)) });
    });
  }

  /** Connects and subscribes to every channel with a handler; rejects when Redis cannot be reached. */
  listen(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve, reject) => server.listen((error?: unknown) => (error ? reject(asError(error)) : resolve())));
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    await this.server?.close().catch(() => undefined);
  }
}

/** The transport, with the bus's package loaded only in cluster mode. */
export const clusterTransportProvider: Provider = {
  provide: ClusterTransport,
  inject: [CLUSTER_SETTINGS],
  useFactory: async (settings: ClusterSettings | null) =>
    new ClusterTransport(settings ? (await import('./cluster-bus.js')).createBus(settings) : null),
};

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
