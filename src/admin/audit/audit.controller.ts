import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { isoDate } from '../dto/dates';
import { Page, PageOf, pageOf, PageQueryDto } from '../dto/page.dto';
import { AuditEntryDto } from '../dto/resources.dto';
import { AuditService } from './audit.service';

@AdminApi('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Admin actions, newest first. */
  @Get()
  @ApiOkResponse({ type: PageOf(AuditEntryDto) })
  async list(@Query() query: PageQueryDto): Promise<Page<AuditEntryDto>> {
    const [entries, total] = await this.audit.page(query.limit, query.offset);
    const items = entries.map(({ id, at, actor, action, target, address }) => ({
      id,
      at: isoDate(at),
      actor,
      action,
      target,
      address,
    }));
    return pageOf(items, total, query);
  }
}
