import { AccountError } from '../../../accounts/account-errors';
import { usernameKey } from '../../../accounts/username';
import { ChatError } from '../../../chat/chat-errors';
import { MessageStyle } from '../../../chat/chat-events';
import { PrivateMessageResult } from '../../../chat/messaging.service';
import { BROADCAST_SKIPPED, privateResultLine } from '../../replies';
import { neutralize } from '../../user-text';
import { IrcClient, SERVICE_NAME } from '../irc-context';
import { nickParam, replyToError } from '../irc-errors';
import { IrcMessage } from '../irc-message';
import { messageLines, parseCtcp, userSource } from '../irc-text';
import { IrcCommandTable } from './irc-command';
import { askService } from './service';

type Verb = 'PRIVMSG' | 'NOTICE';

const SERVICE_KEY = usernameKey(SERVICE_NAME);

export const messagingCommands: IrcCommandTable = {
  // PRIVMSG <target>{,<target>} :<text>
  PRIVMSG: { minParams: 0, usablePreReg: false, run: (client, message) => send(client, message, 'PRIVMSG') },
  // NOTICE <target>{,<target>} :<text>   (never answered, never stored)
  NOTICE: { minParams: 0, usablePreReg: false, run: (client, message) => send(client, message, 'NOTICE') },
};

/** Each target in turn, in order; a promise only while one of them is still being sent. */
function send(client: IrcClient, message: IrcMessage, verb: Verb): void | Promise<void> {
  const [targets, text] = message.params;
  const quiet = verb === 'NOTICE';
  if (!targets) return quiet ? undefined : client.numeric('411', `No recipient given (${verb})`);
  if (!text) return quiet ? undefined : client.numeric('412', 'No text to send');
  if (!targets.includes(',')) return sendTo(client, targets, text, verb);
  return sendEach(client, targets.split(',').filter((name) => name !== ''), 0, text, verb);
}

function sendEach(client: IrcClient, targets: string[], from: number, text: string, verb: Verb): void | Promise<void> {
  for (let i = from; i < targets.length; i++) {
    const running = sendTo(client, targets[i], text, verb);
    if (running) return running.then(() => sendEach(client, targets, i + 1, text, verb));
  }
}

function sendTo(client: IrcClient, target: string, raw: string, verb: Verb): void | Promise<void> {
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
  if (target.length === SERVICE_NAME.length && usernameKey(target) === SERVICE_KEY) {
    echo(client, verb, SERVICE_NAME, raw);
    if (!quiet && ctcp.kind === 'text') return askService(client, ctcp.text);
    return;
  }
  return sendPrivate(client, target, raw, ctcp.text, style, verb);
}

/** At once when the core can deliver it at once (the recipient is online), otherwise once it has. */
function sendPrivate(client: IrcClient, target: string, raw: string, text: string, style: MessageStyle | undefined, verb: Verb): void | Promise<void> {
  const { messaging } = client.deps;
  let result: PrivateMessageResult | undefined;
  try {
    result = messaging.sendPrivateNow(client.chat!, target, text, style);
  } catch (error) {
    return privateFailed(client, verb, error);
  }
  if (result) return privateSent(client, verb, raw, result);
  return messaging.sendPrivate(client.chat!, target, text, style).then(
    (stored) => privateSent(client, verb, raw, stored),
    (error: unknown) => privateFailed(client, verb, error),
  );
}

function privateFailed(client: IrcClient, verb: Verb, error: unknown): void {
  if (!(error instanceof ChatError || error instanceof AccountError)) throw error;
  if (verb !== 'NOTICE') replyToError(client, error);
}

/** The sender's side of a private message: its echo, the recipient's away message, why it was not delivered. */
function privateSent(client: IrcClient, verb: Verb, raw: string, result: PrivateMessageResult): void {
  echo(client, verb, result.recipient, raw);
  if (verb === 'NOTICE') return;
  const away = result.status === 'delivered' ? client.deps.awayOf(result.recipient) : undefined;
  if (away !== undefined) client.numeric('301', result.recipient, neutralize(away));
  const notDelivered = privateResultLine(result);
  if (notDelivered) client.notice(notDelivered);
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
