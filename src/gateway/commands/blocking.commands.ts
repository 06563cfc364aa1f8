import { AccountsService } from '../../accounts/accounts.service';
import { BlockList } from '../../chat/block-list';
import { ChatError, ChatErrorCode } from '../../chat/chat-errors';
import { ChatSession } from '../../chat/chat-session';
import { UserEntity } from '../../database/entities';
import { blockedLine, unblockedLine } from '../replies';
import { CommandTable } from './command';

export function blockingCommands(blocks: BlockList, accounts: AccountsService): CommandTable {
  async function target(name: string): Promise<UserEntity> {
    const user = await accounts.findUser(name);
    if (!user) throw new ChatError(ChatErrorCode.UnknownUser, name);
    return user;
  }
  const self = (session: ChatSession) => ({ id: session.userId, key: session.key });

  return {
    // block USER
    block: {
      usage: 'block USER',
      summary: "stop USER's messages, broadcasts and presence reaching you",
      minArgs: 1,
      async run({ session, reply }, line) {
        const user = await target(line.args[0]);
        await blocks.block(self(session), user);
        reply(blockedLine(user.username));
      },
    },
    // unblock USER
    unblock: {
      usage: 'unblock USER',
      summary: 'undo block USER',
      minArgs: 1,
      async run({ session, reply }, line) {
        const user = await target(line.args[0]);
        await blocks.unblock(self(session), user);
        reply(unblockedLine(user.username));
      },
    },
  };
}
