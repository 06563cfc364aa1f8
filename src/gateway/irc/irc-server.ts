import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { BlockingService } from '../../chat/blocking.service';
import { DirectoryService } from '../../chat/directory.service';
import { MessagingService } from '../../chat/messaging.service';
import { SessionControlService } from '../../chat/session-control.service';
import { SessionOpener } from '../../chat/session-opener';
import { addressLimitKey, normalizeAddress } from '../../common/client-address';
import { PARLEY_CONFIG, ParleyConfig } from '../../config/config.schema';
import { ConfigError } from '../../config/load-config';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { ConnectionLimits, ConnectionRefusal } from '../connection-limits';
import { LineConnection } from '../line-connection';
import { boundPort, closeServer, listen, readSetting } from '../listeners';
import { IrcDeps } from './irc-context';
import { IrcDecodedItem, IrcDecoder } from './irc-decoder';
import { formatMessage } from './irc-message';
import { IrcSession } from './irc-session';

/** How long shutdown waits for commands already running (a handover's delete) to finish. */
const SETTLE_TIMEOUT_MS = 5000;

/**
 * Owns the IRC listener (and IRC over TLS when tls.enabled) and every connection on them.
 * The connection limits are the line protocol's, counted together with its listeners.
 */
@Injectable()
export class IrcServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IrcServer');
  private server: Server | undefined;
  private tlsServer: Server | undefined;
  private readonly sessions = new Set<IrcSession>();
  private readonly connections = new Map<Socket, LineConnection<IrcDecodedItem>>();
  private readonly deps: IrcDeps;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    accounts: AccountsService,
    opener: SessionOpener,
    messaging: MessagingService,
    blocking: BlockingService,
    directory: DirectoryService,
    lineCommands: CommandDispatcher,
    sessionControl: SessionControlService,
    private readonly connectionLimits: ConnectionLimits,
  ) {
    const { line } = config;
    this.deps = {
      accounts,
      opener,
      messaging,
      blocking,
      directory,
      lineCommands,
      logger: this.logger,
      config,
      flood: { perSecond: line.commands_per_second, burst: line.command_burst, disconnectAfterDrops: line.flood_disconnect_drops },
      awayOf: (name) => {
        const endpoint = sessionControl.find(name)?.endpoint;
        return endpoint instanceof IrcSession ? endpoint.away : undefined;
      },
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.irc.enabled) return;
    this.server = createServer((socket) => this.accept(socket));
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
    const credentials = { cert: readSetting('tls.cert', tls.cert), key: readSetting('tls.key', tls.key) };
    try {
      this.tlsServer = createTlsServer(credentials, (socket) => this.accept(socket));
    } catch (error) {
      throw new ConfigError(`Invalid setting tls.cert or tls.key: ${(error as Error).message}.`);
    }
    this.tlsServer.on('tlsClientError', () => {});
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
    for (const session of this.sessions) session.disconnect('shutdown');
    const settled = Promise.all([...this.connections.values()].map((connection) => connection.settled()));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_TIMEOUT_MS).unref())]);
    for (const socket of this.connections.keys()) socket.destroySoon();
    await closed;
  }

  private accept(socket: Socket): void {
    const address = addressLimitKey(socket.remoteAddress);
    const refusal = this.connectionLimits.acquire(address);
    if (refusal) return this.refuse(socket, refusal);
    let session: IrcSession | undefined = undefined;
    const connection = new LineConnection(
      socket,
      { maxSendQueueBytes: this.config.line.max_send_queue_bytes, keepaliveSeconds: this.config.line.keepalive_seconds },
      new IrcDecoder(),
      (item) => session!.handle(item),
      (dropReason) => {
        if (dropReason) {
          const fields = { address: connection.remoteAddress, protocol: 'irc' };
          this.logger.warn({ message: `dropped the IRC connection from ${connection.remoteAddress}: ${dropReason}`, ...fields });
        }
        this.connections.delete(socket);
        this.connectionLimits.release(address);
        if (session) {
          this.sessions.delete(session);
          session.connectionClosed();
        }
      },
    );
    this.connections.set(socket, connection);
    session = new IrcSession(connection, this.deps);
    this.sessions.add(session);
    session.start();
  }

  private refuse(socket: Socket, refusal: ConnectionRefusal): void {
    const why =
      refusal === 'server-full'
        ? `the server is full (${this.config.line.max_connections} connections)`
        : `too many connections from your address (the limit is ${this.config.line.max_connections_per_address})`;
    const address = normalizeAddress(socket.remoteAddress);
    this.logger.warn({ message: `refused an IRC connection from ${address}: ${why}`, address, protocol: 'irc' });
    socket.on('error', () => {});
    socket.end(formatMessage({ command: 'ERROR', params: [`Closing link: ${why}; try again later.`] }) + '\r\n');
    setTimeout(() => socket.destroy(), 2000).unref();
  }
}

