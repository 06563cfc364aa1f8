import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SessionRecordEntity } from '../database/entities';

@Injectable()
export class SessionHistoryRepository {
  constructor(@InjectRepository(SessionRecordEntity) private readonly records: Repository<SessionRecordEntity>) {}

  async start(userId: number, protocol: string, remoteAddress: string, startedAt: Date): Promise<number> {
    const result = await this.records.insert({ userId, protocol, remoteAddress, startedAt });
    return (result.identifiers[0] as { id: number }).id;
  }

  async end(id: number, endedAt: Date, endReason: string): Promise<void> {
    await this.records.update(id, { endedAt, endReason });
  }

  /**
   * Sessions left open by a crash end at their user's last heartbeat (or their start, if
   * later): the best known time the user was still there. The user's last-seen time moves
   * up to it too, so wholasthr still lists them.
   */
  async closeAbandoned(): Promise<void> {
    const lastKnownAlive = `CASE WHEN users.last_seen_at > session_history.started_at
      THEN users.last_seen_at ELSE session_history.started_at END`;
    await this.records.query(`UPDATE session_history SET end_reason = 'server-stopped',
      ended_at = (SELECT ${lastKnownAlive} FROM users WHERE users.id = session_history.user_id)
      WHERE ended_at IS NULL`);
    await this.records.query(`UPDATE users SET last_seen_at = (
        SELECT MAX(ended_at) FROM session_history
        WHERE session_history.user_id = users.id AND end_reason = 'server-stopped')
      WHERE (SELECT MAX(ended_at) FROM session_history
        WHERE session_history.user_id = users.id AND end_reason = 'server-stopped') > COALESCE(last_seen_at, '')`);
  }
}
