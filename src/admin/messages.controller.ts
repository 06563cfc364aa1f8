import { Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { usernameKey } from '../accounts/username';
import { StoredMessagesRepository } from '../chat/stored-messages.repository';
import { AdminApi } from './api-docs';
import { Actor, CurrentActor } from './auth/admin-request';
import { AuditService } from './audit/audit.service';
import { ErrorDto } from './dto/auth.dto';
import { isoDate } from './dto/dates';
import { IdParam } from './dto/id-param';
import { Page, PageOf, pageOf } from './dto/page.dto';
import { MessageQueryDto, StoredMessageDto } from './dto/resources.dto';

@AdminApi('messages')
@Controller('api/messages')
export class MessagesController {
  constructor(
    private readonly messages: StoredMessagesRepository,
    private readonly audit: AuditService,
  ) {}

  /** Stored messages waiting for delivery, oldest first; `recipient` and `sender` match part of a name. */
  @Get()
  @ApiOkResponse({ type: PageOf(StoredMessageDto) })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(@Query() query: MessageQueryDto): Promise<Page<StoredMessageDto>> {
    const filter = {
      recipientPart: query.recipient === undefined ? undefined : usernameKey(query.recipient),
      senderPart: query.sender === undefined ? undefined : usernameKey(query.sender),
    };
    const [messages, total] = await this.messages.search(filter, query.limit, query.offset);
    const items = messages.map((message) => ({
      id: message.id,
      recipient: message.recipient!.username,
      sender: message.senderName,
      text: message.body,
      storedAt: isoDate(message.createdAt),
    }));
    return pageOf(items, total, query);
  }

  /** Deletes a stored message before it is delivered. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async delete(@IdParam() id: number, @CurrentActor() actor: Actor): Promise<void> {
    if (!(await this.messages.deleteOne(id))) throw new NotFoundException(`there is no stored message ${id}`);
    await this.audit.record(actor, 'message.delete', `#${id}`);
  }
}
