import { createServer, Server } from 'node:net';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { BlockingService } from '../../chat/blocking.service';
import { DirectoryService } from '../../chat/directory.service';
import { MessagingService } from '../../chat/messaging.service';
import { SessionControlService } from '../../chat/session-control.service';
import { SessionOpener } from '../../chat/session-opener';
import { PARLEY_CONFIG, ParleyConfig } from '../../config/config.schema';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { ConnectionHost } from '../connection-host';
import { ConnectionLimits } from '../connection-limits';
import { boundPort, closeServer, createTlsListener, listen } from '../listeners';
import { IrcClient, IrcDeps } from './irc-context';
import { IrcDecodedItem, IrcDecoder } from './irc-decoder';
import { formatMessage } from './irc-message';
import { IrcSession } from './irc-session';

/**
 * Owns the IRC listener (and IRC over TLS when tls.enabled) and every connection on them.
 * The connection limits are the line protocol's, counted together with its listeners.
 */
@Injectable()
export class IrcServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IrcServer');
  private server: Server | undefined;
  private tlsServer: Server | undefined;
  private readonly connections: ConnectionHost<IrcDecodedItem, IrcSession>;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    accounts: AccountsService,
    opener: SessionOpener,
    messaging: MessagingService,
    blocking: BlockingService,
    directory: DirectoryService,
    lineCommands: CommandDispatcher,
    sessionControl: SessionControlService,
    connectionLimits: ConnectionLimits,
  ) {
    const { line } = config;
    const awayClients = new Set<IrcClient>();
    const deps: IrcDeps = {
      accounts,
      opener,
      messaging,
      blocking,
      directory,
      lineCommands,
      logger: this.logger,
      config,
      flood: { perSecond: line.commands_per_second, burst: line.command_burst, disconnectAfterDrops: line.flood_disconnect_drops },
      awayClients,
      awayOf: (name) => {
        if (awayClients.size === 0) return undefined;
        const endpoint = sessionControl.find(name)?.endpoint;
        return endpoint instanceof IrcSession ? endpoint.away : undefined;
      },
    };
    this.connections = new ConnectionHost({
      protocol: 'irc',
      logger: this.logger,
      limits: connectionLimits,
      connection: { maxSendQueueBytes: line.max_send_queue_bytes, keepaliveSeconds: line.keepalive_seconds },
      decoder: () => new IrcDecoder(),
      session: (connection) => new IrcSession(connection, deps),
      refusal: (why) => formatMessage({ command: 'ERROR', params: [`Closing link: ${why}; try again later.`] }) + '\r\n',
      maxConnections: line.max_connections,
      maxConnectionsPerAddress: line.max_connections_per_address,
    });
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.irc.enabled) return;
    this.server = createServer((socket) => this.connections.accept(socket));
    await listen(this.server, this.config.irc.port, this.config.irc.host);
    if (!this.config.tls.enabled) return;
    try {
      await this.listenTls();
    } catch (error) {
      this.server.close();
      throw error;
    }
  }

  private async listenTls(): Promise<void> {
    const { tls, irc } = this.config;
    this.tlsServer = createTlsListener(tls, (socket) => this.connections.accept(socket));
    await listen(this.tlsServer, irc.tls_port, irc.host);
  }

  onApplicationBootstrap(): void {
    if (!this.server) return;
    this.logger.log(`irc listening on ${this.config.irc.host}:${this.port}`);
    if (this.tlsServer) this.logger.log(`irc (TLS) listening on ${this.config.irc.host}:${this.tlsPort}`);
  }

  /** The bound port (differs from the configured one when that was 0); undefined when IRC is off. */
  get port(): number | undefined {
    return this.server ? (boundPort(this.server) ?? this.config.irc.port) : undefined;
  }

  get tlsPort(): number | undefined {
    return this.tlsServer ? (boundPort(this.tlsServer) ?? this.config.irc.tls_port) : undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const closed = Promise.all([this.server, this.tlsServer].map((server) => server && closeServer(server)));
    await this.connections.endAll();
    this.connections.destroyAll();
    await closed;
  }
}
