import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { LiveServerEntity } from '../../database/entities';
import { LiveServersRepository } from '../../database/live-servers';
import { isoDate } from '../dto/dates';
import { NodeDto } from './node.dto';

export function toNodeDto(row: LiveServerEntity): NodeDto {
  return { id: row.id, address: row.address, sessions: row.sessions, since: isoDate(row.startedAt) };
}

/** The live servers on this database (the cluster's nodes), from their heartbeat rows. */
@Injectable()
export class NodesService {
  constructor(
    private readonly servers: LiveServersRepository,
    private readonly clock: Clock,
  ) {}

  /** Servers with a fresh heartbeat, oldest first. */
  async live(): Promise<NodeDto[]> {
    const rows = await this.servers.liveAt(this.clock.now());
    rows.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id));
    return rows.map(toNodeDto);
  }
}
