import { createServer, Server, Socket } from 'node:net';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { PendingWrites } from '../chat/pending-writes';
import { PresenceService } from '../chat/presence.service';
import { StoredMessagesService } from '../chat/stored-messages.service';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { CommandDispatcher } from './commands/command-dispatcher';
import { LineConnection, LineConnectionLimits } from './line-connection';
import { LineSession, LineSessionDeps } from './line-session';

/** Owns the line protocol's TCP listener and every connection on it. */
@Injectable()
export class LineServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LineServer');
  private readonly server: Server;
  private readonly sessions = new Set<LineSession>();
  private readonly sockets = new Set<Socket>();
  private readonly deps: LineSessionDeps;
  private readonly limits: LineConnectionLimits;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    accounts: AccountsService,
    presence: PresenceService,
    storedMessages: StoredMessagesService,
    commands: CommandDispatcher,
    private readonly pendingWrites: PendingWrites,
  ) {
    this.deps = {
      accounts,
      presence,
      storedMessages,
      commands,
      logger: this.logger,
      maxLineBytes: config.line.max_line_bytes,
    };
    this.limits = {
      maxLineBytes: config.line.max_line_bytes,
      maxSendQueueBytes: config.line.max_send_queue_bytes,
    };
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Binds early, so a taken port fails the start before first-start work (the admin account) happens. */
  async onModuleInit(): Promise<void> {
    const { host, port } = this.config.line;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Announced once everything has started: from this line on, logins work. */
  onApplicationBootstrap(): void {
    this.logger.log(`line protocol listening on ${this.config.line.host}:${this.port}`);
  }

  /** The bound port (differs from the configured one when that was 0). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.config.line.port;
  }

  /** Stop accepting, tell everyone, end their sessions, and wait for the records to be written. */
  async beforeApplicationShutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.disconnect('shutdown');
    await this.pendingWrites.drain();
    for (const socket of this.sockets) socket.destroySoon();
    await closed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    let session: LineSession | undefined = undefined;
    const connection = new LineConnection(
      socket,
      this.limits,
      (item) => session!.handle(item),
      (dropReason) => {
        if (dropReason) this.logger.warn(`dropped the connection from ${connection.remoteAddress}: ${dropReason}`);
        this.sockets.delete(socket);
        if (session) {
          this.sessions.delete(session);
          session.connectionClosed();
        }
      },
    );
    session = new LineSession(connection, this.deps);
    this.sessions.add(session);
    session.start();
  }
}
