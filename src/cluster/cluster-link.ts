import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { BlockList } from '../chat/block-list';
import { ChatBus } from '../chat/chat-bus';
import { ChatEvent } from '../chat/chat-events';
import { ChatSession } from '../chat/chat-session';
import { withinMs } from '../common/within-ms';
import { RemoteSession, Roster } from '../chat/roster';
import { SessionRegistry } from '../chat/session-registry';
import { CLUSTER_REDIS, CLUSTER_SETTINGS } from './cluster-redis';
import { ClusterEvent, NodeEvent, PrivateDelivery, PrivateIntent } from './cluster-events';
import { ClusterSettings, clusterKey } from './cluster-settings';
import { ClusterTransport } from './cluster-transport';
import { NodeIdentity } from './node-identity';
import { SessionClaims } from './session-claims';
import { ClusterWatch } from './cluster-watch';
import { NodeOutbox } from './node-outbox';
import { ShownIds } from './shown-ids';
import { LocalView } from './local-view';

/** How long a private message to another node waits for its confirmation before it is stored. */
export const CONFIRM_TIMEOUT_MS = 2000;

const START_WAIT_MS = 5000;

/** How long a block or unblock waits for Redis to take its change before it answers anyway. */
const BLOCK_PUBLISH_WAIT_MS = 1000;

export type ClaimOutcome = 'ok' | 'taken' | 'unavailable';

export const LOST_CLAIM_NOTICE = 'You were logged out: your session is now held by another server of the cluster.';

/**
 * This node's side of the cluster: claims, the roster of other nodes' sessions, and the bus
 * events in and out. On a single server (`enabled` false) every method is a no-op and the core
 * behaves as it always did.
 */
@Injectable()
export class ClusterLink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  private readonly claims: SessionClaims | null;
  private readonly watch: ClusterWatch | null;
  private readonly waiting = new Map<string, (status: PrivateDelivery) => void>();
  /** Private-message ids this node showed (live or stored), so none is shown twice. */
  readonly shown = new ShownIds();
  private readonly view: LocalView;
  private readonly storedListeners: Array<(key: string) => void> = [];
  private readonly privates = new NodeOutbox<PrivateIntent>((node, messages) => this.emitTo(node, { kind: 'privates', replyTo: this.node, messages }));
  private readonly confirms = new NodeOutbox<{ id: string; status: PrivateDelivery }>((node, confirms) =>
    this.emitTo(node, { kind: 'confirms', confirms }).catch(() => undefined),
  );
  /** How long a private message to another node waits for its confirmation (tests shorten it). */
  confirmTimeoutMs = CONFIRM_TIMEOUT_MS;

  constructor(
    @Inject(CLUSTER_SETTINGS) private readonly settings: ClusterSettings | null,
    @Inject(CLUSTER_REDIS) private readonly redis: Redis | null,
    private readonly transport: ClusterTransport,
    private readonly identity: NodeIdentity,
    private readonly registry: SessionRegistry,
    readonly roster: Roster,
    private readonly blocks: BlockList,
    private readonly local: ChatBus,
  ) {
    this.view = new LocalView(registry, roster, blocks, local);
    this.claims = settings && redis ? new SessionClaims(redis, settings, identity.id) : null;
    this.watch =
      settings && redis && this.claims
        ? new ClusterWatch(redis, settings, this.claims, roster, {
            lostClaims: (keys) => this.endLostSessions(keys),
            nodeGone: (gone) => this.view.showGone(gone),
            refreshed: (entries) => this.view.replace(entries, this.node),
          })
        : null;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  get node(): string {
    return this.identity.id;
  }

  /** New logins are accepted: Redis is reachable and, if it was lost, a session TTL has passed since it returned. */
  get available(): boolean {
    return this.watch?.available ?? true;
  }

  async onModuleInit(): Promise<void> {
    if (!this.settings || !this.claims || !this.watch) return;
    this.transport.on(this.channel('all'), (data) => this.onClusterEvent(data as ClusterEvent));
    this.transport.on(this.channel('to', this.node), (data) => this.onNodeEvent(data as NodeEvent));
    // Redis hands a PUBLISH to the subscribers before it answers the publisher: once it has
    // answered, every node has the change in its socket, ahead of anything the blocker does next.
    this.blocks.onChange((change) => withinMs(this.emitAll({ kind: 'blocks', node: this.node, change }).catch(() => undefined), BLOCK_PUBLISH_WAIT_MS));
    await this.connected();
    try {
      await this.claims.markNode(true);
      this.view.replace(await this.claims.snapshot(), this.node);
    } catch (error) {
      this.logger.warn(`cannot read the cluster's sessions at start: ${(error as Error).message}`);
    }
    this.watch.start();
    this.logger.log(
      `node ${this.node} of cluster "${this.settings.name}": ${this.roster.size} sessions on ${this.roster.nodes().size} other nodes`,
    );
  }

  /** At start, Redis gets a few seconds to connect before this node reads the cluster's sessions. */
  async connected(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, START_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.claims || !this.watch) return;
    this.watch.stop();
    await this.emitAll({ kind: 'node-gone', node: this.node }).catch(() => undefined);
    await this.claims.markNode(false).catch(() => undefined);
    await this.transport.close();
  }

  /** Claims the user cluster-wide for this session. */
  async claim(session: ChatSession): Promise<ClaimOutcome> {
    if (!this.claims) return 'ok';
    if (!this.available) return 'unavailable';
    if (this.roster.find(session.key)) return 'taken';
    const info = {
      name: session.name,
      since: session.since.toISOString(),
      protocol: session.endpoint.protocol,
      remoteAddress: session.endpoint.remoteAddress,
    };
    try {
      return (await this.claims.claim(session.key, info)) ? 'ok' : 'taken';
    } catch (error) {
      this.logger.warn(`cannot claim ${session.name}: ${(error as Error).message}`);
      return 'unavailable';
    }
  }

  release(session: ChatSession): Promise<void> {
    return this.claims ? this.claims.release(session.key).catch(() => undefined) : Promise.resolve();
  }

  presence(session: ChatSession, online: boolean): Promise<void> {
    return this.emitAll({
      kind: 'presence',
      node: this.node,
      key: session.key,
      name: session.name,
      online,
      since: session.since.toISOString(),
      protocol: session.endpoint.protocol,
      remoteAddress: session.endpoint.remoteAddress,
    }).catch(() => undefined);
  }

  broadcast(sender: ChatSession, event: ChatEvent): void {
    void this.emitAll({ kind: 'broadcast', node: this.node, fromKey: sender.key, event }).catch(() => undefined);
  }

  announce(text: string): void {
    void this.emitAll({ kind: 'announce', node: this.node, text }).catch(() => undefined);
  }

  kick(key: string, notice: string): void {
    void this.emitAll({ kind: 'kick', node: this.node, key, notice }).catch(() => undefined);
  }

  /** Tells the node of an online recipient that a stored message waits for them. */
  storedFor(remote: RemoteSession): void {
    void this.emitTo(remote.node, { kind: 'stored', toKey: remote.key }).catch(() => undefined);
  }

  /** Called with the key of a local user for whom another node stored a message. */
  onStoredFor(listener: (key: string) => void): void {
    this.storedListeners.push(listener);
  }

  /** Sends a private message to the recipient's node and waits for its confirmation (or the timeout). */
  async sendPrivate(id: string, remote: RemoteSession, fromKey: string, event: ChatEvent): Promise<PrivateDelivery> {
    const confirmed = new Promise<PrivateDelivery>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), this.confirmTimeoutMs);
      const finish = (status: PrivateDelivery) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(status);
      };
      this.waiting.set(id, finish);
    });
    try {
      await this.privates.add(remote.node, { id, fromKey, toKey: remote.key, event });
    } catch {
      this.waiting.get(id)?.('timeout');
    }
    const status = await confirmed;
    if (status === 'timeout') this.logger.warn(`node ${remote.node} did not confirm a private message to ${remote.name}: it is stored`);
    return status;
  }

  /**
   * A user not in the roster may have logged in on another node a moment ago (its presence
   * event still on the way): the claim says. Off the live path: only before storing a message.
   */
  async lookUp(key: string): Promise<RemoteSession | undefined> {
    if (!this.claims) return undefined;
    const claim = await this.claims.holder(key).catch(() => undefined);
    if (!claim || claim.node === this.node) return undefined;
    return { key, name: claim.name, node: claim.node, since: new Date(claim.since), protocol: claim.protocol, remoteAddress: claim.remoteAddress };
  }

  /** Which of these nodes are alive; null when Redis cannot tell. */
  async liveNodes(nodes: string[]): Promise<Set<string> | null> {
    if (!this.claims) return new Set(nodes);
    try {
      return await this.claims.liveNodes(nodes);
    } catch {
      return null;
    }
  }

  newMessageId(): string {
    return randomUUID();
  }

  private onNodeEvent(message: NodeEvent): void {
    switch (message.kind) {
      case 'privates':
        for (const intent of message.messages) this.deliverPrivate(intent, message.replyTo);
        return;
      case 'confirms':
        for (const { id, status } of message.confirms) this.waiting.get(id)?.(status);
        return;
      case 'stored':
        for (const listener of this.storedListeners) listener(message.toKey);
    }
  }

  private deliverPrivate(message: PrivateIntent, replyTo: string): void {
    const session = this.registry.get(message.toKey);
    let status: PrivateDelivery = 'absent';
    if (this.shown.has(message.id)) status = 'delivered';
    else if (session && !session.ended) {
      status = this.blocks.has(message.toKey, message.fromKey) ? 'blocked' : 'delivered';
      if (status === 'delivered') {
        this.shown.add(message.id);
        this.local.publish({ to: [message.toKey], event: message.event });
      }
    }
    void this.confirms.add(replyTo, { id: message.id, status });
  }

  private onClusterEvent(message: ClusterEvent): void {
    if (message.node === this.node) return;
    switch (message.kind) {
      case 'broadcast':
        return this.view.deliver((key) => !this.blocks.has(key, message.fromKey), message.event);
      case 'presence':
        return this.view.presence(message);
      case 'announce':
        return this.view.deliver(() => true, { type: 'announcement', text: message.text });
      case 'kick':
        return this.view.kick(message.key, message.notice);
      case 'blocks':
        return this.blocks.applyRemote(message.change);
      case 'node-gone':
        return this.view.showGone(this.roster.removeNode(message.node));
    }
  }

  private endLostSessions(keys: string[]): void {
    for (const key of keys) {
      this.logger.warn(`the claim of ${key} is no longer this node's: ending the session`);
      this.view.kick(key, LOST_CLAIM_NOTICE);
    }
  }

  private emitAll(event: ClusterEvent): Promise<void> {
    return this.transport.emit(this.channel('all'), event);
  }

  private emitTo(node: string, event: NodeEvent): Promise<void> {
    return this.transport.emit(this.channel('to', node), event);
  }

  private channel(...parts: string[]): string {
    return clusterKey(this.settings as ClusterSettings, ...parts);
  }
}
