import { AccountError } from '../../accounts/account-errors';
import { ChatError } from '../../chat/chat-errors';
import { describeStorageFailure } from '../../database/storage-failure';
import { channelCommands } from './commands/channel.commands';
import { IrcCommand, IrcCommandTable } from './commands/irc-command';
import { messagingCommands } from './commands/messaging.commands';
import { queryCommands } from './commands/query.commands';
import { registrationCommands } from './commands/registration.commands';
import { silenceCommands } from './commands/silence.commands';
import { IrcClient } from './irc-context';
import { nickParam, replyToError } from './irc-errors';
import { IrcMessage } from './irc-message';

// A Map, not an object: a command name sliced from a line is not an interned string, and an
// object lookup with it (plus the own-property check) costs a string-table search per line.
const COMMANDS = new Map<string, IrcCommand>(
  Object.entries({
    ...registrationCommands,
    ...messagingCommands,
    ...channelCommands,
    ...queryCommands,
    ...silenceCommands,
  } satisfies IrcCommandTable),
);
/** Most lines are PRIVMSG: a string comparison finds it without hashing the name. */
const PRIVMSG = COMMANDS.get('PRIVMSG')!;

/**
 * Runs one message: the one place that answers unknown commands (421), commands before
 * registration (451) and missing parameters (461) before a handler runs, and maps core errors.
 * Returns a promise only when the handler did.
 */
export function dispatchIrc(client: IrcClient, message: IrcMessage): void | Promise<void> {
  const command = message.command === 'PRIVMSG' ? PRIVMSG : COMMANDS.get(message.command);
  if (!command) return client.numeric('421', nickParam(message.command), 'Unknown command');
  if (!client.chat && !command.usablePreReg) return client.numeric('451', 'You have not registered');
  if (message.params.length < command.minParams) return client.numeric('461', nickParam(message.command), 'Not enough parameters');
  let running: void | Promise<void>;
  try {
    running = command.run(client, message);
  } catch (error) {
    return reportFailure(client, message, error);
  }
  return running?.then(undefined, (error: unknown) => reportFailure(client, message, error));
}

function reportFailure(client: IrcClient, message: IrcMessage, error: unknown): void {
  if (error instanceof ChatError || error instanceof AccountError) return replyToError(client, error);
  const name = nickParam(message.command);
  client.deps.logger.error(`IRC ${name} by ${client.nick} failed: ${(error as Error).message}`);
  const storage = describeStorageFailure(error);
  client.notice(
    storage
      ? `Error: ${name} failed because ${storage}; nothing was saved. Please try again later.`
      : 'Error: the server could not complete that command; please try again.',
  );
}
