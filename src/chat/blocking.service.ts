import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { UserEntity } from '../database/entities';
import { BlockList } from './block-list';
import { ChatError, ChatErrorCode } from './chat-errors';
import { ChatSession } from './chat-session';

/** `block USER` / `unblock USER` for any front door: resolves the user, then applies the rule. */
@Injectable()
export class BlockingService {
  constructor(
    private readonly blocks: BlockList,
    private readonly accounts: AccountsService,
  ) {}

  /** Blocks the user named (as typed); resolves with the name as created. */
  async block(session: ChatSession, name: string): Promise<string> {
    const user = await this.target(name);
    await this.blocks.block(self(session), user);
    return user.username;
  }

  /** Lifts a block; ChatError NotBlocked if there was none. Resolves with the name as created. */
  async unblock(session: ChatSession, name: string): Promise<string> {
    const user = await this.target(name);
    await this.blocks.unblock(self(session), user);
    return user.username;
  }

  /** The names (as created) of the users this session's user has blocked, sorted. */
  async blocked(session: ChatSession): Promise<string[]> {
    const users = await this.accounts.findUsers(this.blocks.blockedUsersOf(session.key));
    return [...users.values()].map((user) => user.username).sort((a, b) => a.localeCompare(b));
  }

  private async target(name: string): Promise<UserEntity> {
    const user = await this.accounts.findUser(name);
    if (!user) throw new ChatError(ChatErrorCode.UnknownUser, name);
    return user;
  }
}

function self(session: ChatSession) {
  return { id: session.userId, key: session.key };
}
