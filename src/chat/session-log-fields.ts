import { LogFields } from '../logging/log-fields';
import { ChatSession } from './chat-session';

/** The fields of a log line about a chat session: who, from where, over which protocol, which session. */
export function sessionFields(session: ChatSession): LogFields {
  return {
    user: session.name,
    address: session.endpoint.remoteAddress,
    protocol: session.endpoint.protocol,
    session: session.historyId,
  };
}
