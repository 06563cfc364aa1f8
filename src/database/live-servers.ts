import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { NodeIdentity } from '../cluster/node-identity';
import { Clock } from '../common/clock';
import { LiveServerEntity } from './entities';

/** How often a running server refreshes its row. */
export const HEARTBEAT_MS = 5_000;
/** A row not refreshed for this long belongs to a server that died without removing it. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_MS;

/** What a server's row says about it besides its heartbeat: read at start and at every beat. */
export interface LiveServerStatus {
  /** The line listener, HOST:PORT. */
  address(): string;
  /** Chat sessions on this server. */
  sessions(): number;
}

/** Injection token of the LiveServerStatus; without one the row has an empty address and 0 sessions. */
export const LIVE_SERVER_STATUS = Symbol('LIVE_SERVER_STATUS');

/** Every query on live_servers. */
@Injectable()
export class LiveServersRepository {
  constructor(@InjectRepository(LiveServerEntity) private readonly rows: Repository<LiveServerEntity>) {}

  async save(row: LiveServerEntity): Promise<void> {
    await this.rows.save(row, { transaction: false });
  }

  async touch(id: string, at: Date, status: Pick<LiveServerEntity, 'address' | 'sessions'>): Promise<void> {
    await this.rows.update(id, { seenAt: at, ...status });
  }

  async remove(id: string): Promise<void> {
    await this.rows.delete(id);
  }

  async removeSeenBefore(at: Date): Promise<void> {
    await this.rows.delete({ seenAt: LessThan(at) });
  }

  /** Servers whose heartbeat is fresh at `now`. */
  liveAt(now: Date): Promise<LiveServerEntity[]> {
    return this.rows.find({ where: { seenAt: MoreThanOrEqual(new Date(now.getTime() - HEARTBEAT_STALE_MS)) } });
  }
}

/**
 * The running server's row in live_servers, refreshed every HEARTBEAT_MS and removed at
 * shutdown. It is in the database rather than a pid file in the data dir so that it also
 * tells processes on other hosts sharing one PostgreSQL database that a server is live.
 */
@Injectable()
export class ServerHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly row: LiveServerEntity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly servers: LiveServersRepository,
    private readonly clock: Clock,
    node: NodeIdentity,
    @Optional() @Inject(LIVE_SERVER_STATUS) private readonly status?: LiveServerStatus | null,
  ) {
    const now = clock.now();
    this.row = Object.assign(new LiveServerEntity(), { id: node.id, host: hostname(), pid: process.pid, startedAt: now, seenAt: now });
  }

  /** Runs after the listeners' own bootstrap (they are in imported modules), so the address is the bound one. */
  async onApplicationBootstrap(): Promise<void> {
    await this.servers.removeSeenBefore(new Date(this.clock.now().getTime() - HEARTBEAT_STALE_MS));
    await this.servers.save(Object.assign(this.row, this.currentStatus()));
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.servers.remove(this.row.id);
    } catch (error) {
      this.logger.warn(`could not remove this server's heartbeat row: ${(error as Error).message}`);
    }
  }

  private currentStatus(): Pick<LiveServerEntity, 'address' | 'sessions'> {
    return { address: this.status?.address() ?? '', sessions: this.status?.sessions() ?? 0 };
  }

  /** Refreshes the row now (the timer calls this every HEARTBEAT_MS). */
  async beat(): Promise<void> {
    try {
      await this.servers.touch(this.row.id, this.clock.now(), this.currentStatus());
    } catch (error) {
      this.logger.warn(`heartbeat write failed: ${(error as Error).message}`);
    }
  }
}

/** Refuses to go on while a server is live on this database (`parley import` changes what it holds in memory). */
export async function refuseIfServerLive(servers: LiveServersRepository, clock: Clock, what: string): Promise<void> {
  const [live] = await servers.liveAt(clock.now());
  if (!live) return;
  const seconds = Math.max(0, Math.round((clock.now().getTime() - live.seenAt.getTime()) / 1000));
  throw new LiveServerError(
    `${what} cannot run while a Parley server uses this database (pid ${live.pid} on ${live.host}, ` +
      `last seen ${seconds} s ago): the server keeps blocks in memory and would not see the change. ` +
      'Stop the server, then run it again.',
  );
}

export class LiveServerError extends Error {}
