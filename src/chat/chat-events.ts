/** What the core pushes to a session; each gateway renders these in its own protocol. */
export type ChatEvent =
  | { type: 'broadcast'; from: string; text: string }
  | { type: 'private'; from: string; text: string }
  | { type: 'presence'; user: string; online: boolean }
  | { type: 'shutdown' };

export type DisconnectReason = 'logout' | 'disconnect' | 'shutdown' | 'error' | 'idle' | 'flood';

/** A connection as the core sees it: a place to deliver events, and a way to end it. */
export interface SessionEndpoint {
  readonly protocol: string;
  readonly remoteAddress: string;
  deliver(event: ChatEvent): void;
  disconnect(reason: DisconnectReason): void;
}
