import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { usernameKey } from '../accounts/username';
import { Activity } from '../common/activity';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { ClusterLink } from '../cluster/cluster-link';
import { UserEntity } from '../database/entities';
import { BlockList } from './block-list';
import { ChatBus } from './chat-bus';
import { DisconnectReason, SessionEndpoint } from './chat-events';
import { ChatSession, SessionHold } from './chat-session';
import { PendingWrites } from './pending-writes';
import { SessionEnd, SessionHistoryRepository, SessionStart } from './session-history.repository';
import { SessionRegistry } from './session-registry';
import { sessionFields } from './session-log-fields';

const HEARTBEAT_MS = 60_000;
const REAP_MS = 5_000;

export type OpenSessionResult =
  | { status: 'ok'; session: ChatSession; failuresSinceLastLogin: number }
  | { status: 'already-online' }
  /** Cluster mode: Redis cannot be reached (or has just returned), so a single session cannot be promised. */
  | { status: 'cluster-unavailable' }
  /** The session was closed (or replaced) while it was being opened. */
  | { status: 'ended' };

/** Logging in and out: the one-session-per-user rule, presence lines and session history. */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private heartbeat: NodeJS.Timeout | undefined;
  private reaper: NodeJS.Timeout | undefined;
  /** Sessions that start or end together are recorded in one statement and one commit. */
  private readonly starts = new GroupCommit<SessionStart, number>((sessions) => this.history.startMany(sessions));
  private readonly ends = new GroupCommit<SessionEnd>(async (sessions) => {
    await this.history.endMany(sessions);
    return [];
  });

  constructor(
    private readonly registry: SessionRegistry,
    private readonly blocks: BlockList,
    private readonly bus: ChatBus,
    private readonly accounts: AccountsService,
    private readonly history: SessionHistoryRepository,
    private readonly pendingWrites: PendingWrites,
    private readonly clock: Clock,
    private readonly activity: Activity,
    private readonly cluster: ClusterLink,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.cluster.enabled) await this.cluster.connected().then(() => this.reapDeadNodes());
    else await this.history.closeAbandoned();
    this.heartbeat = setInterval(() => this.recordStillOnline(), HEARTBEAT_MS).unref();
    if (this.cluster.enabled) {
      this.reaper = setInterval(() => this.pendingWrites.track('closing sessions of dead nodes', this.reapDeadNodes()), REAP_MS);
      this.reaper.unref();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.reaper);
  }

  /** Cluster mode: session-history rows of nodes whose liveness key expired are closed (by any node; it is idempotent). */
  private async reapDeadNodes(): Promise<void> {
    const nodes = (await this.history.nodesWithOpenSessions()).filter((node) => node !== this.cluster.node);
    const live = await this.cluster.liveNodes(nodes);
    if (live === null) return;
    const dead = nodes.filter((node) => !live.has(node));
    if (dead.length > 0) this.logger.log(`closing the sessions of nodes that are gone: ${dead.join(', ')}`);
    await this.history.closeAbandoned(dead);
  }

  /**
   * Opens a session for an authenticated user, unless that user is online already. The claim
   * happens before the first await, so a caller that ended the previous session in the same
   * turn (session.on_conflict: replace) gets the name without anyone slipping in between.
   */
  async open(user: UserEntity, endpoint: SessionEndpoint, hold: Omit<SessionHold, 'now'>): Promise<OpenSessionResult> {
    const now = () => this.clock.now();
    const session = new ChatSession(user.id, user.username, usernameKey(user.username), endpoint, now(), { ...hold, now });
    if (!this.registry.claim(session)) return { status: 'already-online' };
    if (this.cluster.enabled) {
      const claimed = await this.cluster.claim(session);
      if (claimed !== 'ok' || session.ended) {
        this.registry.release(session);
        if (claimed === 'ok') this.pendingWrites.track('releasing a claim', this.cluster.release(session));
        if (claimed === 'ok') return { status: 'ended' };
        return claimed === 'taken' ? { status: 'already-online' } : { status: 'cluster-unavailable' };
      }
    }
    try {
      const [failuresSinceLastLogin, historyId] = await Promise.all([
        this.accounts.recordLogin(user),
        this.starts.submit({
          userId: user.id,
          protocol: endpoint.protocol,
          remoteAddress: endpoint.remoteAddress,
          startedAt: session.since,
          nodeId: this.cluster.node,
        }),
      ]);
      session.historyId = historyId;
      if (session.ended) {
        this.recordEnd(session, 'disconnect');
        return { status: 'ended' };
      }
      session.announced = true;
      this.announce(session, true);
      // The other nodes know of the session before its user is welcomed.
      if (this.cluster.enabled) await this.cluster.presence(session, true);
      this.activity.record('login-ok');
      this.logger.log({ message: `${session.name} logged in`, ...sessionFields(session) });
      return { status: 'ok', session, failuresSinceLastLogin };
    } catch (error) {
      this.registry.release(session);
      if (this.cluster.enabled) this.pendingWrites.track('releasing a claim', this.cluster.release(session));
      throw error;
    }
  }

  /** Ends a session once: frees the name, tells the others, records when it ended. */
  close(session: ChatSession, reason: DisconnectReason): void {
    if (session.ended) return;
    session.ended = true;
    if (!this.registry.release(session)) return;
    if (reason !== 'shutdown' && session.announced) this.announce(session, false);
    if (this.cluster.enabled) this.leaveCluster(session);
    this.logger.log({ message: `${session.name} logged out (${reason})`, ...sessionFields(session), reason });
    this.pendingWrites.track('recording logout', this.accounts.recordLogout(session.userId, this.clock.now()));
    this.recordEnd(session, reason);
  }

  /** The user's current session, if online. */
  find(key: string): ChatSession | undefined {
    return this.registry.get(key);
  }

  private recordEnd(session: ChatSession, reason: DisconnectReason): void {
    if (session.historyId === undefined) return;
    const end = { id: session.historyId, endedAt: this.clock.now(), endReason: reason };
    this.pendingWrites.track('recording session end', this.ends.submit(end));
  }

  online(): ChatSession[] {
    return [...this.registry.all()];
  }

  /** Keeps online users' last-seen time fresh, so a crash cannot hide them from wholasthr. */
  private recordStillOnline(): void {
    const ids = this.online().map((session) => session.userId);
    if (ids.length > 0) this.pendingWrites.track('presence heartbeat', this.accounts.recordStillOnline(ids));
  }

  /** The other nodes see the logout (after a shutdown too: only this node stops), then the claim goes. */
  private leaveCluster(session: ChatSession): void {
    const done = (session.announced ? this.cluster.presence(session, false) : Promise.resolve()).then(() =>
      this.cluster.release(session),
    );
    this.pendingWrites.track('leaving the cluster', done);
  }

  /** Presence goes to everyone else except where a block stands between the two users. */
  private announce(session: ChatSession, online: boolean): void {
    const to: string[] = [];
    for (const other of this.registry.all()) {
      if (other !== session && !this.blocks.eitherWay(session.key, other.key)) to.push(other.key);
    }
    if (to.length > 0) this.bus.publish({ to, event: { type: 'presence', user: session.name, online } });
  }
}
