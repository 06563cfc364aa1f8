import { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { DisconnectReason } from '../chat/chat-events';
import { addressLimitKey, normalizeAddress } from '../common/client-address';
import { withinMs } from '../common/within-ms';
import { ConnectionLimits, ConnectionRefusal } from './connection-limits';
import { ConnectionOwner, Decoder, LineConnection, LineConnectionLimits } from './line-connection';
import { peerAddress } from './peer-address';

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
 * One admitted connection with its session: the owner its LineConnection reports to, and what
 * the host needs to let it go. One object per connection rather than closures over accept().
 */
class Hosted<Item, S extends HostedSession<Item>> implements ConnectionOwner<Item> {
  readonly connection: LineConnection<Item>;
  readonly session: S;

  constructor(
    private readonly host: ConnectionHost<Item, S>,
    readonly socket: Socket,
    /** The key its connection is counted under by the limits. */
    readonly address: string,
    peer: string,
    options: ConnectionHostOptions<Item, S>,
  ) {
    this.connection = new LineConnection<Item>(socket, options.connection, options.decoder(), this, peer);
    this.session = options.session(this.connection);
  }

  handle(item: Item): void | Promise<void> {
    return this.session.handle(item);
  }

  connectionClosed(dropReason: string | undefined): void {
    this.host.closed(this, dropReason);
  }
}

/**
 * Every connection of one front door, on all of its listeners: admission under the shared
 * connection limits, one session per connection, and ending them all at shutdown.
 */
export class ConnectionHost<Item, S extends HostedSession<Item>> {
  private readonly hosted = new Set<Hosted<Item, S>>();

  constructor(private readonly options: ConnectionHostOptions<Item, S>) {}

  accept(socket: Socket): void {
    // Read once: each read is a system call, and peerAddress undoes what Node caches on the socket.
    const peer = normalizeAddress(peerAddress(socket));
    const address = addressLimitKey(peer);
    const refusal = this.options.limits.acquire(address);
    if (refusal) return this.refuse(socket, refusal, peer);
    const hosted = new Hosted(this, socket, address, peer, this.options);
    this.hosted.add(hosted);
    hosted.session.start();
  }

  /** Its socket closed: the connection is let go, and its session told. */
  closed(hosted: Hosted<Item, S>, dropReason: string | undefined): void {
    const { logger, protocol, limits } = this.options;
    if (dropReason) {
      const address = hosted.connection.remoteAddress;
      logger.warn({ message: `dropped the ${protocol} connection from ${address}: ${dropReason}`, address, protocol });
    }
    this.hosted.delete(hosted);
    limits.release(hosted.address);
    hosted.session.connectionClosed();
  }

  /** Tells every session the server is stopping, then waits (bounded) for running commands. */
  async endAll(): Promise<void> {
    for (const { session } of this.hosted) session.disconnect('shutdown');
    const settled = Promise.all(
      [...this.hosted].flatMap(({ connection, session }) => [connection.settled(), session.settled?.()]),
    );
    await withinMs(settled, SETTLE_TIMEOUT_MS);
  }

  destroyAll(): void {
    for (const { socket } of this.hosted) socket.destroySoon();
  }

  private refuse(socket: Socket, refusal: ConnectionRefusal, address: string): void {
    const { logger, protocol, maxConnections, maxConnectionsPerAddress } = this.options;
    const why =
      refusal === 'server-full'
        ? `the server is full (${maxConnections} connections)`
        : `too many connections from your address (the limit is ${maxConnectionsPerAddress})`;
    logger.warn({ message: `refused a ${protocol} connection from ${address}: ${why}`, address, protocol });
    socket.on('error', () => {});
    socket.end(this.options.refusal(why));
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}
