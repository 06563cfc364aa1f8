import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RemoteSession, Roster } from '../chat/roster';
import { ClaimValue, SessionClaims } from './session-claims';
import { ClusterSettings } from './cluster-settings';

const NODE_CHECK_MS = 1000;
/** A Redis that does not answer a PING within this is taken as gone (a silent network drops no socket). */
const PING_TIMEOUT_MS = 2000;

export interface WatchHandlers {
  /** This node's claims that another node holds now (or that expired): end those sessions. */
  lostClaims(keys: string[]): void;
  /** Users of nodes whose liveness key expired. */
  nodeGone(gone: RemoteSession[]): void;
  /** The cluster's claims, read again after Redis returned. */
  refreshed(entries: Array<{ key: string } & ClaimValue>): void;
}

/**
 * The timers of cluster mode: renews this node's claims and liveness key every ttl/3, checks
 * every second that the nodes in the roster are alive, and follows Redis going and coming back
 * (logins are refused while it is gone and for one session TTL after it returned).
 */
export class ClusterWatch {
  private readonly logger = new Logger('Cluster');
  private timers: NodeJS.Timeout[] = [];
  private reachable: boolean;
  /** Redis was ready at least once since start: only a return after that waits one TTL. */
  private connectedOnce: boolean;
  /** New logins wait until then after Redis returned (epoch ms). */
  private acceptAfter = 0;
  private recovery: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly settings: ClusterSettings,
    private readonly claims: SessionClaims,
    private readonly roster: Roster,
    private readonly handlers: WatchHandlers,
  ) {
    this.reachable = redis.status === 'ready';
    this.connectedOnce = this.reachable;
  }

  get available(): boolean {
    return this.reachable && this.redis.status === 'ready' && Date.now() >= this.acceptAfter;
  }

  start(): void {
    this.redis.on('close', () => this.lost());
    this.redis.on('error', () => this.lost());
    this.redis.on('ready', () => void this.returned());
    this.reachable = this.redis.status === 'ready';
    this.connectedOnce ||= this.reachable;
    const renewEvery = Math.max(200, Math.floor(this.settings.sessionTtlMs / 3));
    this.timers = [
      setInterval(() => void this.renew(), renewEvery).unref(),
      setInterval(() => void this.checkNodes(), NODE_CHECK_MS).unref(),
      setInterval(() => void this.ping(), NODE_CHECK_MS).unref(),
    ];
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.recovery);
    this.timers = [];
  }

  /** Within 3 s of Redis going silent, logins are refused: a PING each second, 2 s to answer. */
  private async ping(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS)));
    const answer = await Promise.race([this.redis.ping().catch(() => 'timeout' as const), timeout]);
    clearTimeout(timer);
    if (answer === 'timeout') this.lost();
    else if (!this.reachable) await this.returned();
  }

  private lost(): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.logger.warn('Redis unreachable: new logins are refused; sessions on this node keep chatting');
  }

  /** Redis is back: set this node's claims again, then wait one TTL before accepting logins. */
  private async returned(): Promise<void> {
    if (this.reachable) return;
    this.reachable = true;
    if (!this.connectedOnce) return this.firstConnected();
    this.acceptAfter = Date.now() + this.settings.sessionTtlMs;
    try {
      await this.claims.markNode(true);
      const lost = await this.claims.reclaimAll();
      if (lost.length > 0) this.handlers.lostClaims(lost);
    } catch (error) {
      this.logger.warn(`re-registering the sessions failed: ${(error as Error).message}`);
    }
    clearTimeout(this.recovery);
    this.recovery = setTimeout(() => void this.refresh(), this.settings.sessionTtlMs).unref();
    this.logger.log(`Redis reachable again: sessions re-registered; new logins accepted in ${this.settings.sessionTtlMs / 1000} s`);
  }

  /** Redis became ready only after start: this node holds no claims yet, so nothing to wait for. */
  private async firstConnected(): Promise<void> {
    this.connectedOnce = true;
    try {
      await this.claims.markNode(true);
    } catch (error) {
      this.logger.warn(`registering this node failed: ${(error as Error).message}`);
    }
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      this.handlers.refreshed(await this.claims.snapshot());
    } catch (error) {
      this.logger.warn(`reading the cluster's sessions failed: ${(error as Error).message}`);
    }
  }

  private async renew(): Promise<void> {
    if (!this.reachable) return;
    try {
      const lost = await this.claims.renew();
      if (lost.length > 0) this.handlers.lostClaims(lost);
    } catch {
      // Redis went away; 'close' marks it, and 'ready' re-registers.
    }
  }

  private async checkNodes(): Promise<void> {
    if (!this.reachable || Date.now() < this.acceptAfter) return;
    const nodes = [...this.roster.nodes()];
    if (nodes.length === 0) return;
    try {
      const live = await this.claims.liveNodes(nodes);
      for (const node of nodes) if (!live.has(node)) this.handlers.nodeGone(this.roster.removeNode(node));
    } catch {
      // Unreachable: nothing is concluded about the other nodes.
    }
  }
}
