import { AccountError } from '../../accounts/account-errors';
import { ChatError, ChatErrorCode } from '../../chat/chat-errors';
import { errorLine } from '../replies';
import { neutralize } from '../user-text';
import type { IrcClient } from './irc-context';

/** A reply to a command that broke a rule: a numeric (sent to the user's nick) or a server NOTICE. */
export type IrcReply = { kind: 'numeric'; code: string; params: string[] } | { kind: 'notice'; text: string };

/** How each core error reads on IRC: the §2 words in a NOTICE, or the numeric IRC clients expect. */
export function toIrc(error: ChatError | AccountError): IrcReply {
  if (error instanceof AccountError) return { kind: 'notice', text: errorLine(error) };
  switch (error.code) {
    case ChatErrorCode.UnknownUser:
      // ERR_NOSUCHNICK
      return { kind: 'numeric', code: '401', params: [nickParam(error.subject), 'No such nick/channel'] };
    case ChatErrorCode.SelfTarget:
    case ChatErrorCode.NotBlocked:
    case ChatErrorCode.MailboxFull:
      return { kind: 'notice', text: errorLine(error) };
  }
}

/** A user-typed name as a middle parameter: no spaces, no leading `:`, never empty. */
export function nickParam(name: string): string {
  const word = neutralize(name).replace(/[\s,]/g, '').replace(/^:+/, '').slice(0, 64);
  return word === '' ? '*' : word;
}

/** Sends the reply a core error maps to. */
export function replyToError(client: IrcClient, error: ChatError | AccountError): void {
  const reply = toIrc(error);
  if (reply.kind === 'numeric') client.numeric(reply.code, ...reply.params);
  else client.notice(reply.text);
}
