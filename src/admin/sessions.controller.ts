import { BadRequestException, Body, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { ChatSession } from '../chat/chat-session';
import { SessionControlService, SessionView } from '../chat/session-control.service';
import { AdminApi } from './api-docs';
import { Actor, CurrentActor } from './auth/admin-request';
import { AuditService } from './audit/audit.service';
import { ErrorDto } from './dto/auth.dto';
import { isoDate } from './dto/dates';
import { Page, PageOf, pageOf, PageQueryDto } from './dto/page.dto';
import { AnnouncementDto, AnnouncementResultDto, SessionDto } from './dto/resources.dto';

export const KICKED_NOTICE = 'You have been disconnected by an administrator.';

export function toSessionDto(session: ChatSession | SessionView): SessionDto {
  const endpoint = 'endpoint' in session ? session.endpoint : session;
  return {
    username: session.name,
    since: isoDate(session.since),
    address: endpoint.remoteAddress,
    protocol: endpoint.protocol,
  };
}

@AdminApi('sessions')
@Controller('api/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionControlService,
    private readonly audit: AuditService,
  ) {}

  /** Who is online, since when, from which address and over which protocol; by name. */
  @Get()
  @ApiOkResponse({ type: PageOf(SessionDto) })
  list(@Query() query: PageQueryDto): Page<SessionDto> {
    const online = this.sessions.everyone().sort((a, b) => a.key.localeCompare(b.key));
    const items = online.slice(query.offset, query.offset + query.limit).map(toSessionDto);
    return pageOf(items, online.length, query);
  }

  /** Shows the user a notice, then disconnects them; the others see them log out. */
  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorDto, description: 'The user is not online' })
  async kick(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    const session = this.sessions.kick(name, KICKED_NOTICE);
    if (!session) throw new NotFoundException(`${name} is not online`);
    await this.audit.record(actor, 'session.kick', session.name);
  }
}

@AdminApi('announcements')
@Controller('api/announcements')
export class AnnouncementsController {
  constructor(
    private readonly sessions: SessionControlService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Every online user receives "*** Announcement: LINE" for each non-blank line of the text,
   * in order (a chat line cannot hold a line break).
   */
  @Post()
  @ApiCreatedResponse({ type: AnnouncementResultDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async announce(@Body() body: AnnouncementDto, @CurrentActor() actor: Actor): Promise<AnnouncementResultDto> {
    const lines = announcementLines(body.text);
    if (lines.length === 0) throw new BadRequestException('text must contain something other than white space');
    let recipients = 0;
    for (const line of lines) recipients = this.sessions.announce(line);
    await this.audit.record(actor, 'announcement', lines.join('\n'));
    return { recipients, lines: lines.length };
  }
}

/** The lines an announcement is sent as: split at line breaks, trailing space and blank lines dropped. */
export function announcementLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}
