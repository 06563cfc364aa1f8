import { AccountError, describeAccountError } from '../accounts/account-errors';
import { ChatError, ChatErrorCode } from '../chat/chat-errors';
import { ChatEvent } from '../chat/chat-events';
import { PrivateMessageResult } from '../chat/messaging.service';
import { StoredMessage } from '../chat/stored-messages.service';
import { neutralize } from './user-text';

/** How each core event reads on the line protocol. */
export function eventLine(event: ChatEvent): string {
  switch (event.type) {
    case 'broadcast':
      return `${event.from} (broadcast): ${messageText(event)}`;
    case 'private':
      return `${event.from}: ${messageText(event)}`;
    case 'presence':
      return `*** ${event.user} has logged ${event.online ? 'in' : 'out'}`;
    case 'announcement':
      return `*** Announcement: ${neutralize(event.text)}`;
    case 'notice':
      return `*** ${event.text}`;
    case 'shutdown':
      return '*** The server is shutting down. Goodbye.';
  }
}

/** An action reads `* alice waves`; a notice reads like any message. */
function messageText(event: { from: string; text: string; action?: boolean }): string {
  const text = neutralize(event.text);
  return event.action ? `* ${event.from} ${text}` : text;
}

export function storedMessageLine(message: StoredMessage): string {
  const storedAt = message.storedAt.toISOString().slice(0, 19) + 'Z';
  return `${message.from} (stored ${storedAt}): ${neutralize(message.text)}`;
}

/** The sender's line about a private message that was not delivered live, if any. */
export function privateResultLine(result: PrivateMessageResult): string | undefined {
  switch (result.status) {
    case 'stored':
      return `${result.recipient} is offline; your message was stored.`;
    case 'blocked':
      return `${result.recipient} has blocked you; your message was not delivered.`;
    case 'delivered':
    case 'not-stored':
      return undefined;
  }
}

export const BROADCAST_SKIPPED = 'Your broadcast could not be delivered to some recipients.';
export const blockedLine = (name: string) => `${name} is blocked.`;
export const unblockedLine = (name: string) => `${name} is unblocked.`;
export const goodbyeLine = (name: string) => `Goodbye, ${name}.`;

export function errorLine(error: ChatError | AccountError): string {
  return `Error: ${error instanceof ChatError ? chatErrorText(error) : neutralize(describeAccountError(error))}`;
}

function chatErrorText(error: ChatError): string {
  const name = neutralize(error.subject);
  switch (error.code) {
    case ChatErrorCode.UnknownUser:
      return `unknown user "${name}".`;
    case ChatErrorCode.SelfTarget:
      return 'you cannot do that to yourself.';
    case ChatErrorCode.NotBlocked:
      return `${name} is not blocked.`;
    case ChatErrorCode.MailboxFull:
      return `${name}'s stored-message box is full; your message was not stored.`;
  }
}
