import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { AboutDto } from './about.dto';
import { AboutService } from './about.service';

@AdminApi('about')
@Controller('api/about')
export class AboutController {
  constructor(private readonly about: AboutService) {}

  /** Version, uptime, listeners and the database of this server; in cluster mode, the live nodes. */
  @Get()
  @ApiOkResponse({ type: AboutDto })
  get(): Promise<AboutDto> {
    return this.about.about();
  }
}
