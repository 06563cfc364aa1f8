import { ApiProperty } from '@nestjs/swagger';
import { LockoutDto, SessionDto, StatsDto } from '../dto/resources.dto';

/** What GET /api/events pushes (event `snapshot`) whenever any of it changes. */
export class LiveSnapshotDto {
  @ApiProperty({ type: StatsDto })
  stats!: StatsDto;

  @ApiProperty({ type: [SessionDto], description: 'Everyone online, by name' })
  sessions!: SessionDto[];

  @ApiProperty({ type: [LockoutDto], description: 'Accounts locked now, soonest unlocked first' })
  lockouts!: LockoutDto[];
}
