import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { StatsDto } from '../dto/resources.dto';
import { StatsService } from './stats.service';

@AdminApi('stats')
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** The dashboard: online now, locked accounts, stored-queue depth, logins and messages per minute. */
  @Get()
  @ApiOkResponse({ type: StatsDto })
  snapshot(): Promise<StatsDto> {
    return this.stats.snapshot();
  }
}
