import { AccountError } from '../../../accounts/account-errors';
import { usernameKey } from '../../../accounts/username';
import { ChatError } from '../../../chat/chat-errors';
import { MessageStyle } from '../../../chat/chat-events';
import { BROADCAST_SKIPPED, privateResultLine } from '../../replies';
import { neutralize } from '../../user-text';
import { IrcClient, SERVICE_NAME } from '../irc-context';
import { nickParam, replyToError } from '../irc-errors';
import { IrcMessage } from '../irc-message';
import { messageLines, parseCtcp, userSource } from '../irc-text';
import { IrcCommandTable } from './irc-command';
import { askService } from './service';

type Verb = 'PRIVMSG' | 'NOTICE';

export const messagingCommands: IrcCommandTable = {
  // PRIVMSG <target>{,<target>} :<text>
  PRIVMSG: { minParams: 0, usablePreReg: false, run: (client, message) => send(client, message, 'PRIVMSG') },
  // NOTICE <target>{,<target>} :<text>   (never answered, never stored)
  NOTICE: { minParams: 0, usablePreReg: false, run: (client, message) => send(client, message, 'NOTICE') },
};

async function send(client: IrcClient, message: IrcMessage, verb: Verb): Promise<void> {
  const [targets, text] = message.params;
  const quiet = verb === 'NOTICE';
  if (!targets) return quiet ? undefined : client.numeric('411', `No recipient given (${verb})`);
  if (!text) return quiet ? undefined : client.numeric('412', 'No text to send');
  for (const target of targets.split(',').filter((name) => name !== '')) {
    await sendTo(client, target, text, verb);
  }
}

async function sendTo(client: IrcClient, target: string, raw: string, verb: Verb): Promise<void> {
  const quiet = verb === 'NOTICE';
  const ctcp = parseCtcp(raw);
  if (ctcp.kind === 'other-ctcp') return; // CTCP requests other than ACTION are not relayed
  const style: MessageStyle | undefined = ctcp.kind === 'action' ? 'action' : quiet ? 'notice' : undefined;
  const { channel } = client.deps.config.irc;
  if (target.startsWith('#')) {
    if (target.toLowerCase() !== channel.toLowerCase()) {
      return quiet ? undefined : client.numeric('403', nickParam(target), 'No such channel');
    }
    if (!client.joined) return quiet ? undefined : client.numeric('404', channel, 'Cannot send to channel (you left it; JOIN it again)');
    const { skippedByBlock } = client.deps.messaging.broadcast(client.chat!, ctcp.text, style);
    echo(client, verb, channel, raw);
    if (skippedByBlock && !quiet) client.notice(BROADCAST_SKIPPED);
    return;
  }
  if (usernameKey(target) === usernameKey(SERVICE_NAME)) {
    echo(client, verb, SERVICE_NAME, raw);
    if (!quiet && ctcp.kind === 'text') await askService(client, ctcp.text);
    return;
  }
  try {
    const result = await client.deps.messaging.sendPrivate(client.chat!, target, ctcp.text, style);
    echo(client, verb, result.recipient, raw);
    if (quiet) return;
    const away = result.status === 'delivered' ? client.deps.awayOf(result.recipient) : undefined;
    if (away !== undefined) client.numeric('301', result.recipient, neutralize(away));
    const notDelivered = privateResultLine(result);
    if (notDelivered) client.notice(notDelivered);
  } catch (error) {
    if (!(error instanceof ChatError || error instanceof AccountError)) throw error;
    if (!quiet) replyToError(client, error);
  }
}

/** echo-message: the sender sees its own message as the others do. */
function echo(client: IrcClient, verb: Verb, target: string, raw: string): void {
  if (!client.caps.has('echo-message')) return;
  const ctcp = parseCtcp(raw);
  if (ctcp.kind === 'other-ctcp') return;
  for (const line of messageLines(userSource(client.nick), verb, target, neutralize(ctcp.text), ctcp.kind === 'action')) {
    client.send(line);
  }
}
