import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { BlockList } from '../chat/block-list';
import { SessionControlService } from '../chat/session-control.service';
import { StoredMessagesRepository } from '../chat/stored-messages.repository';
import { Role, UserEntity } from '../database/entities';
import { Actor } from './auth/admin-request';
import { AuditService } from './audit/audit.service';
import { TokensService } from './auth/tokens.service';
import { isoDate } from './dto/dates';
import { Page, pageOf, PageQueryDto } from './dto/page.dto';
import { LockoutDto } from './dto/resources.dto';
import { UserDto } from './dto/users.dto';

export const DELETED_NOTICE = 'Your account has been deleted by an administrator. Goodbye.';
export const PASSWORD_RESET_NOTICE = 'Your password has been changed by an administrator; log in again with the new one.';

/** Account administration: the rules of the accounts module plus their effect on live sessions. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionControlService,
    private readonly blocks: BlockList,
    private readonly storedMessages: StoredMessagesRepository,
    private readonly audit: AuditService,
    private readonly tokens: TokensService,
  ) {}

  async list(text: string, query: PageQueryDto): Promise<Page<UserDto>> {
    const [users, total] = await this.accounts.searchUsers(text, query.limit, query.offset);
    return pageOf(await this.describe(users), total, query);
  }

  async get(name: string): Promise<UserDto> {
    const [user] = await this.describe([await this.require(name)]);
    return user;
  }

  async create(actor: Actor, username: string, password: string, role: Role): Promise<UserDto> {
    const user = await this.accounts.createUser(username, password, role);
    await this.audit.record(actor, 'user.create', user.username);
    const [created] = await this.describe([user]);
    return created;
  }

  /**
   * Removes the account (refused for the last admin) with its blocks, tokens and the stored
   * messages it would receive or has sent (a later account of the same name must not inherit
   * them), then disconnects the user.
   */
  async delete(actor: Actor, name: string): Promise<void> {
    const user = await this.require(name);
    if (!(await this.accounts.deleteUser(user))) throw lastAdmin(user);
    this.sessions.kick(user.username, DELETED_NOTICE);
    await this.storedMessages.deleteSentBy(user.usernameKey);
    this.blocks.forgetUser(user.usernameKey);
    await this.audit.record(actor, 'user.delete', user.username);
  }

  /** A reset password ends everything the old one opened: console and API tokens, the chat session. */
  async setPassword(actor: Actor, name: string, password: string): Promise<void> {
    const user = await this.require(name);
    await this.accounts.changePassword(user, password);
    await this.tokens.revokeAllOf(user.id);
    this.sessions.kick(user.username, PASSWORD_RESET_NOTICE);
    await this.audit.record(actor, 'user.password', user.username);
  }

  /** A new role revokes the user's tokens: what they were issued for no longer holds. */
  async setRole(actor: Actor, name: string, role: Role): Promise<UserDto> {
    const user = await this.require(name);
    if (!(await this.accounts.changeRole(user, role))) throw lastAdmin(user);
    if (role !== user.role) await this.tokens.revokeAllOf(user.id);
    await this.audit.record(actor, 'user.role', `${user.username}: ${role}`);
    return this.get(user.username);
  }

  async lockouts(): Promise<LockoutDto[]> {
    const locked = await this.accounts.lockedUsers();
    return locked.map((user) => ({
      username: user.username,
      lockedUntil: isoDate(user.lockedUntil!),
      secondsRemaining: this.accounts.secondsLocked(user),
      failedAttempts: user.failedAttempts,
    }));
  }

  async unlock(actor: Actor, name: string): Promise<void> {
    const user = await this.require(name);
    await this.accounts.unlock(user);
    await this.audit.record(actor, 'lockout.clear', user.username);
  }

  async require(name: string): Promise<UserEntity> {
    const user = await this.accounts.findUser(name);
    if (!user) throw new NotFoundException(`there is no user named ${name}`);
    return user;
  }

  private async describe(users: UserEntity[]): Promise<UserDto[]> {
    const stored = await this.storedMessages.countsFor(users.map((user) => user.id));
    const online = new Set(this.sessions.everyone().map((session) => session.key));
    return users.map((user) => ({
      username: user.username,
      role: user.role,
      online: online.has(user.usernameKey),
      createdAt: isoDate(user.createdAt),
      lastLoginAt: isoDate(user.lastLoginAt),
      lastSeenAt: isoDate(user.lastSeenAt),
      failedAttempts: user.failedAttempts,
      failuresSinceLogin: user.failuresSinceLogin,
      lockedUntil: this.accounts.secondsLocked(user) > 0 ? isoDate(user.lockedUntil) : null,
      storedMessages: stored.get(user.id) ?? 0,
    }));
  }
}

/** The console would be locked out for good without an admin account. */
function lastAdmin(user: UserEntity): ConflictException {
  return new ConflictException(`${user.username} is the last admin account`);
}
