import { readFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { PendingWrites } from '../chat/pending-writes';
import { SessionOpener } from '../chat/session-opener';
import { addressLimitKey, normalizeAddress } from '../common/client-address';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { ConfigError } from '../config/load-config';
import { CommandDispatcher } from './commands/command-dispatcher';
import { ConnectionLimits, ConnectionRefusal } from './connection-limits';
import { LineConnection, LineConnectionLimits } from './line-connection';
import { LineSession, LineSessionDeps } from './line-session';

/** How long shutdown waits for commands already running (a handover's delete) to finish. */
const SETTLE_TIMEOUT_MS = 5000;

/** Owns the line protocol's TCP listener (and its optional TLS twin) and every connection on them. */
@Injectable()
export class LineServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LineServer');
  private readonly server: Server;
  private tlsServer: Server | undefined;
  private readonly sessions = new Set<LineSession>();
  private readonly connections = new Map<Socket, LineConnection>();
  private readonly deps: LineSessionDeps;
  private readonly limits: LineConnectionLimits;
  private readonly connectionLimits: ConnectionLimits;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    opener: SessionOpener,
    commands: CommandDispatcher,
    private readonly pendingWrites: PendingWrites,
  ) {
    const { line } = config;
    this.deps = {
      opener,
      commands,
      maxLineBytes: line.max_line_bytes,
      limits: {
        loginTimeoutSeconds: line.login_timeout_seconds,
        idleTimeoutSeconds: line.idle_timeout_seconds,
        idleNoticeSeconds: line.idle_notice_seconds,
        flood: {
          perSecond: line.commands_per_second,
          burst: line.command_burst,
          disconnectAfterDrops: line.flood_disconnect_drops,
        },
      },
    };
    this.limits = {
      maxLineBytes: line.max_line_bytes,
      maxSendQueueBytes: line.max_send_queue_bytes,
      keepaliveSeconds: line.keepalive_seconds,
    };
    this.connectionLimits = new ConnectionLimits(line.max_connections, line.max_connections_per_address);
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Binds early, so a taken port fails the start before first-start work (the admin account) happens. */
  async onModuleInit(): Promise<void> {
    await listen(this.server, this.config.line.port, this.config.line.host);
    if (!this.config.tls.enabled) return;
    try {
      await this.listenTls();
    } catch (error) {
      this.server.close();
      throw error;
    }
  }

  private async listenTls(): Promise<void> {
    const { tls } = this.config;
    const credentials = { cert: readSetting('tls.cert', tls.cert), key: readSetting('tls.key', tls.key) };
    try {
      this.tlsServer = createTlsServer(credentials, (socket) => this.accept(socket));
    } catch (error) {
      throw new ConfigError(`Invalid setting tls.cert or tls.key: ${(error as Error).message}.`);
    }
    // A failed handshake (a plain-text client, a scanner) is the peer's problem, not the server's.
    this.tlsServer.on('tlsClientError', () => {});
    await listen(this.tlsServer, tls.port, tls.host);
  }

  /** Announced once everything has started: from this line on, logins work. */
  onApplicationBootstrap(): void {
    this.logger.log(`line protocol listening on ${this.config.line.host}:${this.port}`);
    if (this.tlsServer) this.logger.log(`line protocol (TLS) listening on ${this.config.tls.host}:${this.tlsPort}`);
  }

  /** The bound port (differs from the configured one when that was 0). */
  get port(): number {
    return boundPort(this.server) ?? this.config.line.port;
  }

  /** The bound TLS port, if TLS is enabled. */
  get tlsPort(): number | undefined {
    return this.tlsServer ? (boundPort(this.tlsServer) ?? this.config.tls.port) : undefined;
  }

  /**
   * Stop accepting, tell everyone, end their sessions, let commands already running finish
   * (so a stored-message handover deletes what it wrote), and wait for the records to be written.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const closed = Promise.all([this.server, this.tlsServer].map((server) => server && closeServer(server)));
    for (const session of this.sessions) session.disconnect('shutdown');
    const settled = Promise.all([
      ...[...this.connections.values()].map((connection) => connection.settled()),
      ...[...this.sessions].map((session) => session.settled()),
    ]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_TIMEOUT_MS).unref())]);
    await this.pendingWrites.drain();
    for (const socket of this.connections.keys()) socket.destroySoon();
    await closed;
  }

  private accept(socket: Socket): void {
    const address = addressLimitKey(socket.remoteAddress);
    const refusal = this.connectionLimits.acquire(address);
    if (refusal) return this.refuse(socket, refusal);
    let session: LineSession | undefined = undefined;
    const connection = new LineConnection(
      socket,
      this.limits,
      (item) => session!.handle(item),
      (dropReason) => {
        if (dropReason) this.logger.warn(`dropped the connection from ${connection.remoteAddress}: ${dropReason}`);
        this.connections.delete(socket);
        this.connectionLimits.release(address);
        if (session) {
          this.sessions.delete(session);
          session.connectionClosed();
        }
      },
    );
    this.connections.set(socket, connection);
    session = new LineSession(connection, this.deps);
    this.sessions.add(session);
    session.start();
  }

  private refuse(socket: Socket, refusal: ConnectionRefusal): void {
    const why =
      refusal === 'server-full'
        ? `the server is full (${this.config.line.max_connections} connections)`
        : `too many connections from your address (the limit is ${this.config.line.max_connections_per_address})`;
    this.logger.warn(`refused a connection from ${normalizeAddress(socket.remoteAddress)}: ${why}`);
    socket.on('error', () => {});
    socket.end(`Error: ${why}; try again later.\r\n`);
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function boundPort(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}

function readSetting(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Invalid setting ${setting}: cannot read ${file}: ${reason}.`);
  }
}
