import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AdminRequest, IS_PUBLIC } from './admin-request';
import { TokensService } from './tokens.service';

/** Every route needs an admin's bearer token unless marked @Public(): 401 without a valid one, 403 for a non-admin. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;

    const request = context.switchToHttp().getRequest<AdminRequest>();
    const secret = bearerSecret(request.headers.authorization);
    if (!secret) throw new UnauthorizedException('an "Authorization: Bearer TOKEN" header is required');
    const token = await this.tokens.verify(secret);
    if (!token) throw new UnauthorizedException('the token is unknown, expired or revoked');
    if (token.user!.role !== 'admin') throw new ForbiddenException('this token does not belong to an admin');

    request.admin = { userId: token.userId, username: token.user!.username, tokenId: token.id };
    return true;
  }
}

function bearerSecret(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
