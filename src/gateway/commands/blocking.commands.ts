import { BlockingService } from '../../chat/blocking.service';
import { blockedLine, unblockedLine } from '../replies';
import { CommandTable } from './command';

export function blockingCommands(blocking: BlockingService): CommandTable {
  return {
    // block USER
    block: {
      usage: 'block USER',
      summary: "stop USER's messages, broadcasts and presence reaching you",
      minArgs: 1,
      async run({ session, reply }, line) {
        reply(blockedLine(await blocking.block(session, line.args[0])));
      },
    },
    // unblock USER
    unblock: {
      usage: 'unblock USER',
      summary: 'undo block USER',
      minArgs: 1,
      async run({ session, reply }, line) {
        reply(unblockedLine(await blocking.unblock(session, line.args[0])));
      },
    },
  };
}
