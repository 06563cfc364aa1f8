import { AccountError, describeAccountError } from '../accounts/account-errors';
import { ChatError, ChatErrorCode } from '../chat/chat-errors';
import { ChatEvent } from '../chat/chat-events';
import { StoredMessage } from '../chat/stored-messages.service';
import { neutralize } from './user-text';

/** How each core event reads on the line protocol. */
export function eventLine(event: ChatEvent): string {
  switch (event.type) {
    case 'broadcast':
      return `${event.from} (broadcast): ${neutralize(event.text)}`;
    case 'private':
      return `${event.from}: ${neutralize(event.text)}`;
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

export function storedMessageLine(message: StoredMessage): string {
  const storedAt = message.storedAt.toISOString().slice(0, 19) + 'Z';
  return `${message.from} (stored ${storedAt}): ${neutralize(message.text)}`;
}

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
