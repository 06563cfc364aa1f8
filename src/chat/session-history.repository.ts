import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toDbDate } from '../common/db-dates';
import { SessionRecordEntity } from '../database/entities';

export interface SessionStart {
  userId: number;
  protocol: string;
  remoteAddress: string;
  startedAt: Date;
}

export interface SessionEnd {
  id: number;
  endedAt: Date;
  endReason: string;
}

@Injectable()
export class SessionHistoryRepository {
  constructor(@InjectRepository(SessionRecordEntity) private readonly records: Repository<SessionRecordEntity>) {}

  /** Records sessions that started, in one INSERT; resolves with their ids, in order. */
  async startMany(sessions: SessionStart[]): Promise<number[]> {
    const lastId = (await this.records.query(
      `INSERT INTO session_history (user_id, protocol, remote_address, started_at) VALUES ${sessions.map(() => '(?, ?, ?, ?)').join(', ')}`,
      sessions.flatMap((s) => [s.userId, s.protocol, s.remoteAddress, toDbDate(s.startedAt)]),
    )) as number;
    // One statement on the only connection: its rows got consecutive ids, the last one lastId.
    return sessions.map((_, i) => lastId - sessions.length + 1 + i);
  }

  /** Records sessions that ended, in one UPDATE. */
  async endMany(sessions: SessionEnd[]): Promise<void> {
    const whenId = sessions.map(() => 'WHEN ? THEN ?').join(' ');
    await this.records.query(
      `UPDATE session_history SET ended_at = CASE id ${whenId} END, end_reason = CASE id ${whenId} END
       WHERE id IN (${sessions.map(() => '?').join(', ')})`,
      [
        ...sessions.flatMap((s) => [s.id, toDbDate(s.endedAt)]),
        ...sessions.flatMap((s) => [s.id, s.endReason]),
        ...sessions.map((s) => s.id),
      ],
    );
  }

  /**
   * Sessions left open by a crash end at the last time their user is known to have been
   * there: the later of the last presence heartbeat and the session's start. The user's
   * last-seen time moves up to it first, so wholasthr still lists them.
   */
  async closeAbandoned(): Promise<void> {
    await this.records.query(`UPDATE users SET last_seen_at = MAX(COALESCE(last_seen_at, ''),
        (SELECT MAX(started_at) FROM session_history WHERE user_id = users.id AND ended_at IS NULL))
      WHERE id IN (SELECT user_id FROM session_history WHERE ended_at IS NULL)`);
    await this.records.query(`UPDATE session_history SET end_reason = 'server-stopped',
        ended_at = (SELECT last_seen_at FROM users WHERE users.id = session_history.user_id)
      WHERE ended_at IS NULL`);
  }
}
