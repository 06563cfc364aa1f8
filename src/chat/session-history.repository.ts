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
