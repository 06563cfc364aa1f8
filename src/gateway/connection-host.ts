import { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { DisconnectReason } from '../chat/chat-events';
import { addressLimitKey, normalizeAddress } from '../common/client-address';
import { ConnectionLimits, ConnectionRefusal } from './connection-limits';
import { Decoder, LineConnection, LineConnectionLimits } from './line-connection';

/** How long shutdown waits for commands already running (a handover's delete) to finish. */
const SETTLE_TIMEOUT_MS = 5000;

/** What a front door's per-connection session offers the host. */
export interface HostedSession<Item> {
  start(): void;
  handle(item: Item): void | Promise<void>;
  disconnect(reason: DisconnectReason): void;
  connectionClosed(): void;
  /** Resolves once every command the session started has answered (commands run concurrently). */
  settled?(): Promise<void>;
}

export interface ConnectionHostOptions<Item, S extends HostedSession<Item>> {
  /** `line` or `irc`: named in log lines. */
  protocol: string;
  logger: Logger;
  limits: ConnectionLimits;
  connection: LineConnectionLimits;
  decoder(): Decoder<Item>;
  session(connection: LineConnection<Item>): S;
  /** The protocol's way of saying why a connection is refused, with its line end. */
  refusal(why: string): string;
  /** The limits' numbers, for the refusal's words. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

/**
 * Every connection of one front door, on all of its listeners: admission under the shared
 * connection limits, one session per connection, and ending them all at shutdown.
 */
export class ConnectionHost<Item, S extends HostedSession<Item>> {
  private readonly sessions = new Set<S>();
  private readonly connections = new Map<Socket, LineConnection<Item>>();

  constructor(private readonly options: ConnectionHostOptions<Item, S>) {}

  accept(socket: Socket): void {
    const { limits, logger, protocol } = this.options;
    const address = addressLimitKey(socket.remoteAddress);
    const refusal = limits.acquire(address);
    if (refusal) return this.refuse(socket, refusal);
    let session: S | undefined = undefined;
    const connection = new LineConnection<Item>(
      socket,
      this.options.connection,
      this.options.decoder(),
      (item) => session!.handle(item),
      (dropReason) => {
        if (dropReason) {
          const fields = { address: connection.remoteAddress, protocol };
          logger.warn({ message: `dropped the ${protocol} connection from ${connection.remoteAddress}: ${dropReason}`, ...fields });
        }
        this.connections.delete(socket);
        limits.release(address);
        if (session) {
          this.sessions.delete(session);
          session.connectionClosed();
        }
      },
    );
    this.connections.set(socket, connection);
    session = this.options.session(connection);
    this.sessions.add(session);
    session.start();
  }

  /** Tells every session the server is stopping, then waits (bounded) for running commands. */
  async endAll(): Promise<void> {
    for (const session of this.sessions) session.disconnect('shutdown');
    const settled = Promise.all([
      ...[...this.connections.values()].map((connection) => connection.settled()),
      ...[...this.sessions].map((session) => session.settled?.()),
    ]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_TIMEOUT_MS).unref())]);
  }

  destroyAll(): void {
    for (const socket of this.connections.keys()) socket.destroySoon();
  }

  private refuse(socket: Socket, refusal: ConnectionRefusal): void {
    const { logger, protocol, maxConnections, maxConnectionsPerAddress } = this.options;
    const why =
      refusal === 'server-full'
        ? `the server is full (${maxConnections} connections)`
        : `too many connections from your address (the limit is ${maxConnectionsPerAddress})`;
    const address = normalizeAddress(socket.remoteAddress);
    logger.warn({ message: `refused a ${protocol} connection from ${address}: ${why}`, address, protocol });
    socket.on('error', () => {});
    socket.end(this.options.refusal(why));
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}
