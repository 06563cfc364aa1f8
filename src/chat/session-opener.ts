import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountsService, AuthResult } from '../accounts/accounts.service';
import { usernameKey } from '../accounts/username';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { ClusterLink } from '../cluster/cluster-link';
import { UserEntity } from '../database/entities';
import { describeStorageFailure } from '../database/storage-failure';
import { DisconnectReason, OpeningEndpoint } from './chat-events';
import { ChatSession } from './chat-session';
import { PresenceService } from './presence.service';
import { StoredHandover } from './stored-handover';
import { StoredMessagesService } from './stored-messages.service';

/** What a login came to; each front door renders it in its own words. */
export type LoginOutcome =
  | { status: 'ok'; session: ChatSession; failuresSinceLastLogin: number }
  /** Refused by the account rules: invalid, locked, locked-now, throttled (see AuthResult). */
  | Exclude<AuthResult, { status: 'ok' }>
  /** The account is online elsewhere and session.on_conflict is refuse; `user` as created. */
  | { status: 'already-online'; user: string }
  /** The login could not be checked (the database, usually). Say nothing more to an unauthenticated client. */
  | { status: 'unavailable' }
  /** Cluster mode: Redis is unreachable (or has just returned), so one session per account cannot be promised. */
  | { status: 'cluster-unavailable' }
  /** Authenticated, but the session could not be opened; `storage` says why, if it was the database. */
  | { status: 'storage-failure'; storage: string | undefined }
  /** The endpoint ended (or was replaced) while logging in: nothing to render. */
  | { status: 'ended' };

export type HandoverOutcome =
  | { status: 'done' }
  /** The stored messages could not be read; they stay stored. The session still goes live. */
  | { status: 'storage-failure'; storage: string | undefined };

/** The notice a session replaced by a newer login of the same user sees before it ends. */
export const REPLACED_NOTICE = 'You were logged out: you logged in from another connection.';

/**
 * Login → claim → stored-message handover → live, for any front door. The front door calls
 * logIn, renders the outcome (its welcome), calls handOver, then goLive; and close when its
 * connection ends. Until goLive, live events are held, counted against the send-queue cap
 * together with the endpoint's unread output; a session that ends before going live has its
 * held private messages stored.
 */
@Injectable()
export class SessionOpener {
  private readonly logger = new Logger('SessionOpener');

  constructor(
    private readonly accounts: AccountsService,
    private readonly presence: PresenceService,
    private readonly handover: StoredHandover,
    private readonly storedMessages: StoredMessagesService,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    private readonly cluster: ClusterLink,
  ) {}

  async logIn(name: string, password: string, endpoint: OpeningEndpoint): Promise<LoginOutcome> {
    // Without Redis no node can promise a single session, nor count the attempt cluster-wide.
    if (!this.cluster.available) return { status: 'cluster-unavailable' };
    let result: AuthResult;
    try {
      result = await this.accounts.authenticate(name, password, endpoint.remoteAddress);
    } catch (error) {
      this.logger.error(`login check for ${printable(name)} failed: ${(error as Error).message}`);
      return this.cluster.available ? { status: 'unavailable' } : { status: 'cluster-unavailable' };
    }
    if (endpoint.ended) return { status: 'ended' };
    if (result.status !== 'ok') return result;
    return this.open(result.user, endpoint);
  }

  /** Hands the stored messages over; call after rendering the welcome, then call goLive. */
  async handOver(session: ChatSession, endpoint: OpeningEndpoint): Promise<HandoverOutcome> {
    try {
      await this.handover.handOver(session, endpoint);
      return { status: 'done' };
    } catch (error) {
      this.logger.error(`handing stored messages to ${session.name} failed: ${(error as Error).message}`);
      return { status: 'storage-failure', storage: describeStorageFailure(error) };
    }
  }

  /** Releases the held events to the endpoint; from now on events are delivered as they come. */
  goLive(session: ChatSession): void {
    if (!session.ended) session.goLive();
  }

  /** Ends the session once (safe to call again): held private messages are stored, the others see the logout. */
  close(session: ChatSession, reason: DisconnectReason): void {
    if (session.ended) return;
    const held = session.isLive ? [] : session.takeHeld();
    this.presence.close(session, reason);
    this.storedMessages.storeHeld(session, held);
  }

  private async open(user: UserEntity, endpoint: OpeningEndpoint): Promise<LoginOutcome> {
    const previous = this.presence.find(usernameKey(user.username));
    if (previous) {
      if (this.config.session.on_conflict === 'refuse') return { status: 'already-online', user: user.username };
      // No await between this and presence.open's claim: no third login can slip in.
      this.end(previous, 'replaced', REPLACED_NOTICE);
    }
    const hold = {
      maxBytes: this.config.line.max_send_queue_bytes,
      queuedBytes: () => endpoint.queuedBytes(),
      onOverflow: (session: ChatSession) => this.cutSlowReader(session),
    };
    try {
      const opened = await this.presence.open(user, endpoint, hold);
      if (opened.status === 'already-online') return { status: 'already-online', user: user.username };
      if (opened.status !== 'ok') return opened;
      const { session } = opened;
      if (endpoint.ended || session.ended) {
        this.close(session, 'disconnect');
        return { status: 'ended' };
      }
      return opened;
    } catch (error) {
      this.logger.error(`opening a session for ${user.username} failed: ${(error as Error).message}`);
      return { status: 'storage-failure', storage: describeStorageFailure(error) };
    }
  }

  /** Held events plus unread output passed the send-queue cap while the stored messages went out. */
  private cutSlowReader(session: ChatSession): void {
    this.logger.warn(
      `dropped ${session.name} from ${session.endpoint.remoteAddress}: it does not read: ` +
        `over ${this.config.line.max_send_queue_bytes} bytes of output are waiting`,
    );
    this.end(session, 'send-queue');
  }

  private end(session: ChatSession, reason: DisconnectReason, notice?: string): void {
    if (notice) session.endpoint.deliver({ type: 'notice', text: notice });
    this.close(session, reason);
    session.endpoint.disconnect(reason);
  }
}

/** A name as typed, safe for a log line. */
function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, '?');
}
