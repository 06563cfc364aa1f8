import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { ErrorDto, LockedErrorDto, LoginDto, LoginResultDto, MeDto } from '../dto/auth.dto';
import { AddressThrottlerGuard } from './address-throttler.guard';
import { Actor, AdminIdentity, AdminRequest, clientAddress, CurrentActor, CurrentAdmin, Public } from './admin-request';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Signs an admin in; the token goes in "Authorization: Bearer TOKEN". Rate limited per address. */
  @Public()
  @UseGuards(AddressThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResultDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiUnauthorizedResponse({ type: ErrorDto, description: 'Invalid username or password' })
  @ApiForbiddenResponse({ type: ErrorDto, description: 'The account is not an admin' })
  @ApiResponse({ status: HttpStatus.LOCKED, type: LockedErrorDto, description: 'The account is locked' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-in attempts from this address' })
  login(@Body() body: LoginDto, @Req() request: AdminRequest): Promise<LoginResultDto> {
    return this.auth.login(body.username, body.password, clientAddress(request));
  }
}

@AdminApi('auth')
@Controller('api/auth')
export class SessionTokenController {
  constructor(private readonly auth: AuthService) {}

  /** Revokes the token this request carries. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@CurrentAdmin() admin: AdminIdentity, @CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(admin, actor);
  }

  /** Who the token belongs to. */
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentAdmin() admin: AdminIdentity): MeDto {
    return { username: admin.username, role: 'admin' };
  }
}
