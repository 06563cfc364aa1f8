import { BlockingService } from '../../chat/blocking.service';
import { CommandTable } from './command';

export function blockingCommands(blocking: BlockingService): CommandTable {
  return {
    // block USER
    block: {
      usage: 'block USER',
      summary: "stop USER's messages, broadcasts and presence reaching you",
      minArgs: 1,
      async run({ session, reply }, line) {
        reply(`${await blocking.block(session, line.args[0])} is blocked.`);
      },
    },
    // unblock USER
    unblock: {
      usage: 'unblock USER',
      summary: 'undo block USER',
      minArgs: 1,
      async run({ session, reply }, line) {
        reply(`${await blocking.unblock(session, line.args[0])} is unblocked.`);
      },
    },
  };
}
