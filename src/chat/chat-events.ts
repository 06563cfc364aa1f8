/**
 * How a message was sent: absent for plain text; `action` for an action (`/me waves`, shown
 * on the line protocol as `* alice waves`); `notice` for a message no one answers (IRC NOTICE).
 */
export type MessageStyle = 'action' | 'notice';

/** What the core pushes to a session; each gateway renders these in its own protocol. */
export type ChatEvent =
  | { type: 'broadcast'; from: string; text: string; style?: MessageStyle }
  | { type: 'private'; from: string; text: string; style?: MessageStyle }
  | { type: 'presence'; user: string; online: boolean }
  | { type: 'announcement'; text: string }
  /** Something the server tells one user about their own session (why it is ending, say). */
  | { type: 'notice'; text: string }
  | { type: 'shutdown' };

/** `kicked`: an operator ended the session (or deleted the account). */
export type DisconnectReason = 'logout' | 'disconnect' | 'shutdown' | 'error' | 'idle' | 'flood' | 'kicked';

/** A connection as the core sees it: a place to deliver events, and a way to end it. */
export interface SessionEndpoint {
  readonly protocol: string;
  readonly remoteAddress: string;
  deliver(event: ChatEvent): void;
  disconnect(reason: DisconnectReason): void;
}
