import { MessagingService } from '../../chat/messaging.service';
import { BROADCAST_SKIPPED, privateResultLine } from '../replies';
import { CommandTable } from './command';

export function messagingCommands(messaging: MessagingService): CommandTable {
  return {
    // broadcast TEXT
    broadcast: {
      usage: 'broadcast TEXT',
      summary: 'send TEXT to everyone online',
      minArgs: 1,
      run({ session, reply }, line) {
        const { skippedByBlock } = messaging.broadcast(session, line.restAfter(0));
        if (skippedByBlock) reply(BROADCAST_SKIPPED);
      },
    },
    // message USER TEXT
    message: {
      usage: 'message USER TEXT',
      summary: 'send TEXT to USER only; stored if USER is offline',
      minArgs: 2,
      // Its answer waits for a commit when USER is offline; the next message need not.
      pipelined: true,
      async run({ session, reply }, line) {
        const result = await messaging.sendPrivate(session, line.args[0], line.restAfter(1));
        const notDelivered = privateResultLine(result);
        if (notDelivered) reply(notDelivered);
      },
    },
  };
}
