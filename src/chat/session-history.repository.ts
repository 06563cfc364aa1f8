import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
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

  /** Sessions left open by a crash: closed at start so history stays truthful. */
  async closeAbandoned(at: Date): Promise<void> {
    await this.records.update({ endedAt: IsNull() }, { endedAt: at, endReason: 'server-stopped' });
  }
}
