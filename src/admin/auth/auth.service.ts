import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { PARLEY_CONFIG, ParleyConfig } from '../../config/config.schema';
import { AuditService } from '../audit/audit.service';
import { isoDate } from '../dto/dates';
import { LoginResultDto } from '../dto/auth.dto';
import { Actor, AdminIdentity } from './admin-request';
import { TokensService } from './tokens.service';

/** Admin sign-in and sign-out. Failures count toward the same lockout as line-protocol logins. */
@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  async login(username: string, password: string, address: string | null): Promise<LoginResultDto> {
    const attempt: Actor = { name: username, address };
    const result = await this.accounts.authenticate(username, password, address ?? undefined);
    switch (result.status) {
      case 'invalid':
        await this.audit.record(attempt, 'login.failed');
        throw new UnauthorizedException('Invalid username or password');
      case 'locked':
      case 'locked-now':
        await this.audit.record(attempt, 'login.failed', 'locked');
        throw new HttpException(
          {
            statusCode: HttpStatus.LOCKED,
            error: 'Locked',
            message: `The account is locked; try again in ${result.secondsRemaining} seconds.`,
            secondsRemaining: result.secondsRemaining,
          },
          HttpStatus.LOCKED,
        );
      case 'throttled':
        await this.audit.record(attempt, 'login.failed', 'throttled');
        throw new HttpException(
          {
            statusCode: HttpStatus.TOO_MANY_REQUESTS,
            error: 'Too Many Requests',
            message: `Too many failed logins from your address; try again in ${result.secondsRemaining} seconds.`,
            secondsRemaining: result.secondsRemaining,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      case 'ok':
        break;
    }
    const { user } = result;
    if (user.role !== 'admin') {
      await this.audit.record(attempt, 'login.failed', 'not an admin');
      throw new ForbiddenException('Only admin accounts can sign in to the console');
    }
    await this.accounts.recordLogin(user);
    const { token, secret } = await this.tokens.issue(user, 'session', 'console sign-in', this.config.http.session_minutes * 60_000);
    await this.audit.record({ name: user.username, address }, 'login');
    return { token: secret, expiresAt: isoDate(token.expiresAt!), username: user.username };
  }

  async logout(admin: AdminIdentity, actor: Actor): Promise<void> {
    await this.tokens.revoke(admin.tokenId);
    await this.audit.record(actor, 'logout');
  }
}
