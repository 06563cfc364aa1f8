import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Dialect } from '../database/dialect';
import { SessionRecordEntity } from '../database/entities';

export interface SessionStart {
  userId: number;
  protocol: string;
  remoteAddress: string;
  startedAt: Date;
  nodeId: string;
}

export interface SessionEnd {
  id: number;
  endedAt: Date;
  endReason: string;
}

@Injectable()
export class SessionHistoryRepository {
  constructor(
    @InjectRepository(SessionRecordEntity) private readonly records: Repository<SessionRecordEntity>,
    private readonly dialect: Dialect,
  ) {}

  /** Records sessions that started, in one INSERT; resolves with their ids, in order. */
  startMany(sessions: SessionStart[]): Promise<number[]> {
    return this.dialect.insertReturningIds(
      'session_history',
      [['user_id', 'integer'], ['protocol', 'text'], ['remote_address', 'text'], ['started_at', 'timestamp'], ['node_id', 'text']],
      sessions.map((s) => [s.userId, s.protocol, s.remoteAddress, s.startedAt, s.nodeId]),
    );
  }

  /** Records sessions that ended, in one UPDATE. */
  async endMany(sessions: SessionEnd[]): Promise<void> {
    const params = this.dialect.params();
    const endedAt = sessions.map((s) => `WHEN ${params.add(s.id, 'integer')} THEN ${params.add(s.endedAt, 'timestamp')}`);
    const reason = sessions.map((s) => `WHEN ${params.add(s.id, 'integer')} THEN ${params.add(s.endReason, 'text')}`);
    const ids = sessions.map((s) => params.add(s.id, 'integer'));
    await this.records.query(
      `UPDATE session_history SET ended_at = CASE id ${endedAt.join(' ')} END, end_reason = CASE id ${reason.join(' ')} END
       WHERE id IN (${ids.join(', ')})`,
      params.values,
    );
  }

  /**
   * Sessions left open by a crash end at the last time their user is known to have been
   * there: the later of the last presence heartbeat and the session's start. The user's
   * last-seen time moves up to it first, so wholasthr still lists them. In cluster mode
   * `deadNodes` names the nodes that are gone: only their rows (and rows from before node ids)
   * are closed, never a live node's.
   */
  async closeAbandoned(deadNodes?: string[]): Promise<void> {
    const params = this.dialect.params();
    const dead = (deadNodes ?? []).map((node) => params.add(node, 'text'));
    const orphan =
      deadNodes === undefined ? '' : ` AND (node_id IS NULL${dead.length > 0 ? ` OR node_id IN (${dead.join(', ')})` : ''})`;
    const lastStart = `(SELECT MAX(started_at) FROM session_history WHERE user_id = users.id AND ended_at IS NULL${orphan})`;
    await this.records.query(
      `UPDATE users SET last_seen_at = ${this.dialect.laterOf('last_seen_at', lastStart)}
      WHERE id IN (SELECT user_id FROM session_history WHERE ended_at IS NULL${orphan})`,
      params.values,
    );
    await this.records.query(
      `UPDATE session_history SET end_reason = 'server-stopped',
        ended_at = (SELECT last_seen_at FROM users WHERE users.id = session_history.user_id)
      WHERE ended_at IS NULL${orphan}`,
      params.values,
    );
  }

  /** The nodes that hold session-history rows still open. */
  async nodesWithOpenSessions(): Promise<string[]> {
    const rows = (await this.records.query(
      `SELECT DISTINCT node_id FROM session_history WHERE ended_at IS NULL AND node_id IS NOT NULL`,
    )) as Array<{ node_id: string }>;
    return rows.map((row) => row.node_id);
  }
}
