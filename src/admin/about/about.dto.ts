import { ApiProperty } from '@nestjs/swagger';
import { NodeDto } from '../nodes/node.dto';

export class ListenerDto {
  @ApiProperty({ example: 'line', description: 'line, line (TLS), irc, irc (TLS) or admin HTTP' })
  name!: string;

  @ApiProperty({ example: '127.0.0.1:4000' })
  address!: string;
}

export class DatabaseInfoDto {
  @ApiProperty({ enum: ['sqlite', 'postgres'], example: 'sqlite' })
  kind!: 'sqlite' | 'postgres';

  @ApiProperty({ example: '/var/lib/parley/parley.sqlite', description: 'The SQLite file, or the PostgreSQL URL without its password' })
  location!: string;
}

export class AboutDto {
  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ example: '2026-11-24T07:00:00.000Z' })
  startedAt!: string;

  @ApiProperty({ example: 3600 })
  uptimeSeconds!: number;

  @ApiProperty({ type: [ListenerDto] })
  listeners!: ListenerDto[];

  @ApiProperty({ type: DatabaseInfoDto })
  database!: DatabaseInfoDto;

  @ApiProperty({ type: [NodeDto], nullable: true, description: 'The live nodes in cluster mode (as GET /api/nodes); null on a single server' })
  clusterNodes!: NodeDto[] | null;
}
