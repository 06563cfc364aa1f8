import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { AdminUsersService } from './admin-users.service';
import { AdminApi } from './api-docs';
import { Actor, CurrentActor } from './auth/admin-request';
import { ErrorDto } from './dto/auth.dto';
import { Page, PageOf, pageOf, PageQueryDto } from './dto/page.dto';
import { LockoutDto } from './dto/resources.dto';
import { CreateUserDto, SetPasswordDto, SetRoleDto, UserDto, UserQueryDto } from './dto/users.dto';

@AdminApi('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: AdminUsersService) {}

  /** Users by name; `q` keeps those whose name contains it. */
  @Get()
  @ApiOkResponse({ type: PageOf(UserDto) })
  @ApiBadRequestResponse({ type: ErrorDto })
  list(@Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query.q ?? '', query);
  }

  @Get(':name')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  get(@Param('name') name: string): Promise<UserDto> {
    return this.users.get(name);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'The username is taken (in any case)' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.create(actor, body.username, body.password, body.role ?? 'user');
  }

  /** Disconnects the user, then deletes the account, its blocks and its stored messages. */
  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'It is the last admin account' })
  delete(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.users.delete(actor, name);
  }

  @Put(':name/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  setPassword(@Param('name') name: string, @Body() body: SetPasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.users.setPassword(actor, name, body.password);
  }

  @Put(':name/role')
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'It would leave no admin account' })
  setRole(@Param('name') name: string, @Body() body: SetRoleDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.setRole(actor, name, body.role);
  }
}

@AdminApi('lockouts')
@Controller('api/lockouts')
export class LockoutsController {
  constructor(private readonly users: AdminUsersService) {}

  /** Accounts locked now, with the seconds each has left. */
  @Get()
  @ApiOkResponse({ type: PageOf(LockoutDto) })
  async list(@Query() query: PageQueryDto): Promise<Page<LockoutDto>> {
    const locked = await this.users.lockouts();
    return pageOf(locked.slice(query.offset, query.offset + query.limit), locked.length, query);
  }

  /** Unlocks the account and resets its failure count: the user can log in at once. */
  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  unlock(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.users.unlock(actor, name);
  }
}
