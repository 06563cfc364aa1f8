import { Body, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { AccountsService } from '../../accounts/accounts.service';
import { AdminApi } from '../api-docs';
import { AuditService } from '../audit/audit.service';
import { ErrorDto } from '../dto/auth.dto';
import { IdParam } from '../dto/id-param';
import { Page, PageOf, pageOf } from '../dto/page.dto';
import { CreatedTokenDto, CreateTokenDto, TokenDto, TokenQueryDto } from '../dto/resources.dto';
import { Actor, AdminIdentity, CurrentActor, CurrentAdmin } from './admin-request';
import { toTokenDto } from './token-dto';
import { TokensService } from './tokens.service';

const DAY_MS = 86_400_000;

@AdminApi('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokensService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  /** Live API tokens for scripts (or, with kind=session, the console's sign-ins), without their secrets. */
  @Get()
  @ApiOkResponse({ type: PageOf(TokenDto) })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(@Query() query: TokenQueryDto, @CurrentAdmin() admin: AdminIdentity): Promise<Page<TokenDto>> {
    const [tokens, total] = await this.tokens.list(query.kind, query.limit, query.offset);
    return pageOf(
      tokens.map((token) => toTokenDto(token, admin.tokenId)),
      total,
      query,
    );
  }

  /** Creates a token acting as the calling admin; its secret is in this response only. */
  @Post()
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async create(
    @Body() body: CreateTokenDto,
    @CurrentAdmin() admin: AdminIdentity,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedTokenDto> {
    const owner = (await this.accounts.findUserById(admin.userId))!;
    const lifetime = body.expiresInDays === undefined ? null : body.expiresInDays * DAY_MS;
    const { token, secret } = await this.tokens.issue(owner, 'api', body.name, lifetime);
    await this.audit.record(actor, 'token.create', `${token.name} (#${token.id})`);
    return { ...toTokenDto(token, admin.tokenId), token: secret };
  }

  /** Revokes a token (an API token or a console sign-in) at once. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  async revoke(@IdParam() id: number, @CurrentActor() actor: Actor): Promise<void> {
    const token = await this.tokens.find(id);
    if (!token || !(await this.tokens.revoke(id))) throw new NotFoundException(`there is no token ${id}`);
    const what = token.kind === 'api' ? token.name : `sign-in of ${token.user?.username ?? '?'}`;
    await this.audit.record(actor, 'token.delete', `${what} (#${id})`);
  }
}
