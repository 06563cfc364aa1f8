import { createServer, Server } from 'node:net';
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
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { boundPort, closeServer, createTlsListener, listen } from './listeners';
import { CommandDispatcher } from './commands/command-dispatcher';
import { ConnectionHost } from './connection-host';
import { ConnectionLimits } from './connection-limits';
import { DecodedItem } from './line-decoder';
import { LineDecoder } from './line-decoder';
import { LineSession, LineSessionDeps } from './line-session';

/** Owns the line protocol's TCP listener (and its optional TLS twin) and every connection on them. */
@Injectable()
export class LineServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LineServer');
  private readonly server: Server;
  private tlsServer: Server | undefined;
  private readonly connections: ConnectionHost<DecodedItem, LineSession>;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    opener: SessionOpener,
    commands: CommandDispatcher,
    private readonly pendingWrites: PendingWrites,
    connectionLimits: ConnectionLimits,
  ) {
    const { line } = config;
    const deps: LineSessionDeps = {
      opener,
      commands,
      maxLineBytes: line.max_line_bytes,
      limits: {
        loginTimeoutSeconds: line.login_timeout_seconds,
        idle: { timeoutSeconds: line.idle_timeout_seconds, noticeSeconds: line.idle_notice_seconds },
        flood: {
          perSecond: line.commands_per_second,
          burst: line.command_burst,
          disconnectAfterDrops: line.flood_disconnect_drops,
        },
      },
    };
    this.connections = new ConnectionHost({
      protocol: 'line',
      logger: this.logger,
      limits: connectionLimits,
      connection: { maxSendQueueBytes: line.max_send_queue_bytes, keepaliveSeconds: line.keepalive_seconds },
      decoder: () => new LineDecoder(line.max_line_bytes),
      session: (connection) => new LineSession(connection, deps),
      refusal: (why) => `Error: ${why}; try again later.\r\n`,
      maxConnections: line.max_connections,
      maxConnectionsPerAddress: line.max_connections_per_address,
    });
    this.server = createServer((socket) => this.connections.accept(socket));
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
    this.tlsServer = createTlsListener(tls, (socket) => this.connections.accept(socket));
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
    await this.connections.endAll();
    await this.pendingWrites.drain();
    this.connections.destroyAll();
    await closed;
  }
}
