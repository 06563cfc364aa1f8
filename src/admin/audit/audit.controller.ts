import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { ErrorDto } from '../dto/auth.dto';
import { isoDate } from '../dto/dates';
import { Page, PageOf, pageOf } from '../dto/page.dto';
import { AuditEntryDto } from '../dto/resources.dto';
import { AuditQueryDto } from './audit-query.dto';
import { AuditService } from './audit.service';

@AdminApi('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Admin actions, newest first; filtered by actor, action, target user and time. */
  @Get()
  @ApiOkResponse({ type: PageOf(AuditEntryDto) })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const filter = {
      actor: query.actor,
      action: query.action,
      user: query.user,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    const [entries, total] = await this.audit.search(filter, query.limit, query.offset);
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
