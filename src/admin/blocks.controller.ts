import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { usernameKey } from '../accounts/username';
import { BlocksRepository } from '../chat/blocks.repository';
import { AdminApi } from './api-docs';
import { ErrorDto } from './dto/auth.dto';
import { isoDate } from './dto/dates';
import { Page, PageOf, pageOf } from './dto/page.dto';
import { BlockDto, BlockQueryDto } from './dto/resources.dto';

@AdminApi('blocks')
@Controller('api/blocks')
export class BlocksController {
  constructor(private readonly blocks: BlocksRepository) {}

  /** Who has blocked whom; `user` keeps the blocks that user made or is the target of. */
  @Get()
  @ApiOkResponse({ type: PageOf(BlockDto) })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(@Query() query: BlockQueryDto): Promise<Page<BlockDto>> {
    const userKey = query.user === undefined ? undefined : usernameKey(query.user);
    const [blocks, total] = await this.blocks.search(userKey, query.limit, query.offset);
    const items = blocks.map((block) => ({ ...block, createdAt: isoDate(block.createdAt) }));
    return pageOf(items, total, query);
  }
}
